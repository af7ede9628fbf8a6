import { join } from 'node:path';
import { z } from 'zod';
import type { VersionCache } from '../registry';
import { DATA_LAYOUT, ProbeCache } from '../store';

/** A week: an engine that did not change on disk does not change its version; the age only bounds a stale file. */
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Engines' `--version` answers kept in the data folder, each tied to the files it depends on (the executable; for a
 * bundled script, the Node runtime and the script) as they are now: an upgraded engine is probed again. A CLI run
 * then starts its engine once, for the run, instead of twice.
 */
export function versionCache(dataDir: string): VersionCache {
  const cache = new ProbeCache({ file: join(dataDir, DATA_LAYOUT.engineVersions), schema: z.string(), maxAgeMs: MAX_AGE_MS });
  const key = (p: Parameters<VersionCache['get']>[0]) => JSON.stringify([p.command, p.args, p.sandboxed]);
  return {
    get: (probe) => cache.get(key(probe)),
    put: (probe, version) => cache.put(key(probe), probe.files, version),
  };
}
