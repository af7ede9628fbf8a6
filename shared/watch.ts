import { z } from 'zod';

/** What a watch says as it works: each settled burst of changes brings a sync, then (if anything changed) a run. */
export const WatchEventSchema = z.discriminatedUnion('type', [
  /** The private copy was brought up to date: `copied` files came from the project, `removed` were deleted from it. */
  z.object({ watchId: z.string(), type: z.literal('synced'), copied: z.number().int().min(0), removed: z.number().int().min(0), files: z.number().int().min(0) }),
  /** A burst touched nothing a run would see (ignored files only, or a save that changed nothing). */
  z.object({ watchId: z.string(), type: z.literal('unchanged') }),
  /** A run of the watch started on the newest copy. */
  z.object({ watchId: z.string(), type: z.literal('run'), jobId: z.string() }),
  /** The run before it was still waiting or running on an older copy, and was cancelled. */
  z.object({ watchId: z.string(), type: z.literal('stale-cancelled'), jobId: z.string() }),
  /** A burst could not be synced or run (the project went over a limit, the folder vanished…); the watch goes on. */
  z.object({ watchId: z.string(), type: z.literal('error'), message: z.string() }),
  z.object({ watchId: z.string(), type: z.literal('stopped') }),
]);
export type WatchEvent = z.infer<typeof WatchEventSchema>;

export const WatchInfoSchema = z.object({
  watchId: z.string(),
  toolId: z.string(),
  projectName: z.string(),
  source: z.string(),
  debounceMs: z.number().int().positive(),
});
export type WatchInfo = z.infer<typeof WatchInfoSchema>;
