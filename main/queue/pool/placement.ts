import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { runPaths, writeFileAtomic } from '../../store';

/**
 * pool.json in a run folder: which pool job runs this run. Written before the job is added to the pool, so a run
 * handed to the pool can always be found again (after a restart: reattach), and read at start-up to tell a pool run
 * (taken up again) from a local one (interrupted).
 */
const PlacementSchema = z.object({
  /** The pool's address, masked: for a person looking at the folder. */
  pool: z.string(),
  queue: z.string(),
  toolId: z.string(),
  /** The pool job's id (BullMQ's job id and the name of its Redis keys). */
  jobId: z.string(),
  /** The pool client id it was submitted under. */
  client: z.string(),
});
export type Placement = z.infer<typeof PlacementSchema>;

export async function writePlacement(runDir: string, placement: Placement): Promise<void> {
  await writeFileAtomic(runPaths(runDir).pool, `${JSON.stringify(placement)}\n`);
}

/** The run's placement; null for a run never handed to a pool (or one whose pool.json cannot be read). */
export async function readPlacement(runDir: string): Promise<Placement | null> {
  try {
    return PlacementSchema.parse(JSON.parse(await readFile(runPaths(runDir).pool, 'utf8')));
  } catch {
    return null;
  }
}
