import { z } from 'zod';

/**
 * What the app puts into a pool job. The worker trusts none of it: it parses this schema, then the tool id must be
 * one it runs, the time limit goes through its own policy, and the input zip goes through its own intake.
 */
export const PoolJobDataSchema = z
  .object({
    /** The app's job id: the names of this job's Redis keys. */
    jobId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    toolId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/),
    timeoutSec: z.number().int().positive().max(7 * 24 * 3600),
    /** The submitting data folder's pool client id (client-id.ts): after a restart it takes up only its own jobs. */
    client: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  })
  .strict();
export type PoolJobData = z.infer<typeof PoolJobDataSchema>;

/** What the worker returns: the outcome of its run, the same fields a local executor reports. */
export const PoolOutcomeSchema = z.object({
  worker: z.string(),
  record: z.record(z.string(), z.unknown()),
});
export type PoolOutcome = z.infer<typeof PoolOutcomeSchema>;

/** One entry of the output stream: a batch of lines, or a new attempt starting (after a worker was lost). */
export type StreamEntry = { kind: 'lines'; lines: string } | { kind: 'attempt'; worker: string; attempt: number };
