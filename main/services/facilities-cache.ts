import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Facilities, FacilitiesCache } from '../runner';
import { DATA_LAYOUT, ProbeCache } from '../store';

const place = z.object({ version: z.union([z.literal(1), z.literal(2)]), parent: z.string() }).nullable();
const facilitiesSchema: z.ZodType<Facilities> = z.object({
  platform: z.custom<NodeJS.Platform>((v) => typeof v === 'string'),
  bwrap: z.object({ path: z.string(), tmpfsSize: z.boolean() }).nullable(),
  bwrapDetail: z.string(),
  seatbelt: z.string().nullable(),
  seatbeltDetail: z.string(),
  prlimit: z.string().nullable(),
  prlimitDetail: z.string(),
  cgroups: z.object({
    memory: place,
    pids: place,
    memoryDetail: z.string(),
    pidsDetail: z.string(),
    kill: place.optional(),
    killDetail: z.string().optional(),
  }),
});

/** A day: long enough for a day of CI runs, short enough that a machine's change of mind is seen. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * What the probe's answer depends on besides the executables it found: this boot (a sysctl such as
 * kernel.unprivileged_userns_clone can change only across boots for good), this user, this process's cgroup (where
 * run cgroups are made), and the PATH the helpers were looked up on.
 */
async function machineKey(env: NodeJS.ProcessEnv): Promise<string> {
  const read = (p: string) => readFile(p, 'utf8').catch(() => '');
  const [bootId, cgroup] = await Promise.all([read('/proc/sys/kernel/random/boot_id'), read('/proc/self/cgroup')]);
  // Without a boot id (macOS), the boot time to the minute.
  const boot = bootId.trim() || String(Math.round((Date.now() - os.uptime() * 1000) / 60_000));
  return JSON.stringify([process.platform, process.getuid?.() ?? null, boot, cgroup, env.PATH ?? '']);
}

/**
 * The runner's probe of this machine (bubblewrap or Seatbelt, prlimit, cgroups), kept in the data folder and tied
 * to the sandbox's and prlimit's executables as they are: a new bwrap is probed again. Only a probe that found a
 * working sandbox is kept (the runner's rule); a machine without one is asked every time.
 */
export function facilitiesCache(dataDir: string, env: NodeJS.ProcessEnv = process.env): FacilitiesCache {
  const cache = new ProbeCache({ file: join(dataDir, DATA_LAYOUT.sandboxProbe), schema: facilitiesSchema, maxAgeMs: MAX_AGE_MS, maxEntries: 8 });
  return {
    get: async () => cache.get(await machineKey(env)),
    put: async (f) => {
      const files = [f.bwrap?.path, f.seatbelt, f.prlimit].filter((p): p is string => typeof p === 'string');
      await cache.put(await machineKey(env), files, f);
    },
  };
}
