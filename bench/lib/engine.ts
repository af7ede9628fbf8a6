import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SettingsSchema, type Settings } from '../../shared/settings';
import { devLayout } from '../../main/resources';
import { createEngine, type Engine } from '../../main/services/engine';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Queue settings that measure the engine, not the per-client guards a window gets (they would refuse 1,000 submits). */
export const OPEN_QUEUE = { capacity: 100_000, perClientActive: 0, perClientHourly: 0 } as const;
/** Retention off: deleting old run folders mid-benchmark would be measured too (and the folders go with the data dir). */
export const NO_RETENTION = { days: 0, runs: 0 } as const;

export interface BenchEngine {
  engine: Engine;
  dataDir: string;
  dispose(): Promise<void>;
}

/** The real engine (registry, intake, queue, runner, stores) over a temporary data folder. */
export async function startEngine(settings: Partial<Settings>): Promise<BenchEngine> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hapyy-bench-engine-'));
  const engine = await createEngine({ dataDir, runtime: devLayout(ROOT), settings: SettingsSchema.parse(settings) });
  await engine.registry.ready();
  return {
    engine,
    dataDir,
    async dispose() {
      await engine.shutdown();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
