/**
 * Every name the pool uses in Redis, defined once (app and workers must agree on them).
 *
 * One BullMQ queue per tool: a worker takes jobs only from the queues of tools it can run, so a job for a tool no
 * worker has simply waits in its queue (and the app says why) instead of bouncing between workers that refuse it.
 */
export const POOL_PREFIX = 'hapyy';

export const poolKeys = {
  queueName: (toolId: string) => `tool-${toolId}`,
  /** The zipped input of one job (binary), written by the app, read by the worker. */
  input: (jobId: string) => `${POOL_PREFIX}:input:${jobId}`,
  /** The zipped results of one job (binary), written by the worker, read by the app. */
  result: (jobId: string) => `${POOL_PREFIX}:result:${jobId}`,
  /** The job's live output: a Redis Stream, replayable from the start (XREAD from 0). */
  output: (jobId: string) => `${POOL_PREFIX}:output:${jobId}`,
  /** Set by the app to cancel; the worker checks it when it starts a job and watches `cancelChannel`. */
  cancel: (jobId: string) => `${POOL_PREFIX}:cancel:${jobId}`,
  cancelChannel: `${POOL_PREFIX}:cancel`,
  /** worker id → JSON { tools, host, seenAt } */
  workers: `${POOL_PREFIX}:workers`,
  /** Present while the worker lives (a TTL it keeps renewing): a crashed worker's entry stops counting. */
  alive: (workerId: string) => `${POOL_PREFIX}:alive:${workerId}`,
} as const;

/** How long a job's keys stay after it ended (results not collected by then are gone). */
export const POOL_KEY_TTL_SEC = 24 * 60 * 60;
export const HEARTBEAT_TTL_SEC = 15;
