import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Job, type Queue, type QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../../../shared/errors';
import type { JobRecord, OutputLine } from '../../../shared/jobs';
import type { IntakeLimits } from '../../../shared/settings';
import { extractZip } from '../../intake/zip';
import { RUN_LAYOUT, runPaths } from '../../store';
import { OUTCOME_KEYS } from '../job-record';
import type { Detached, ExecuteContext, ExecuteResult, Executor } from '../types';
import { zipParts } from './archive';
import { PoolJobDataSchema, PoolOutcomeSchema, type PoolJobData } from './job-data';
import { POOL_KEY_TTL_SEC, poolKeys } from './keys';
import { readPlacement, writePlacement, type Placement } from './placement';
import { toolsInPool } from './workers';

/** Parts of a worker's run folder that stay there: the app keeps its own record, manifest and ownership. */
const NOT_RETURNED: ReadonlySet<string> = new Set([RUN_LAYOUT.record, RUN_LAYOUT.manifest, RUN_LAYOUT.owner, RUN_LAYOUT.pool, RUN_LAYOUT.tmp, RUN_LAYOUT.home]);
/**
 * Parts of a worker's run folder that come back: the log (with whatever files the log is kept in), the findings,
 * the outputs and the (changed) input. Everything the layout names except what is listed above, so a part added to
 * the run folder later travels without a change here.
 */
export const RESULT_PARTS: readonly string[] = Object.values(RUN_LAYOUT).filter((name) => !NOT_RETURNED.has(name));

/** How often a job waiting in the pool checks which tools the live workers run (workers come and go silently). */
const WAIT_CHECK_MS = 2_000;

export interface RemoteExecutorOptions {
  redis: Redis;
  /** The masked address, for pool.json and messages. */
  where: string;
  queueFor(toolId: string): { queue: Queue; events: QueueEvents };
  maxZipBytes: number;
  intakeLimits: () => IntakeLimits;
  /** This data folder's pool client id (known once the queue has started). */
  clientId: () => string;
  /**
   * Fired when the queue closes: its pool jobs are left to the workers (not cancelled) and taken up again at the next
   * start. A job whose cancel was asked for before is still cancelled.
   */
  detach: AbortSignal;
}

/**
 * An executor that runs the job on the shared pool: the local run folder (made by intake as for a local run) is
 * zipped and handed to a worker; its output streams back; its results are extracted into the same run folder.
 * A run folder that already names its pool job (pool.json: a job of an earlier session) is not submitted again:
 * the executor finds that job and follows it from wherever it is — waiting, running or finished.
 */
export function createRemoteExecutor(opts: RemoteExecutorOptions): Executor {
  return async (record, ctx) => {
    // A cancel asked for before the queue began closing is a cancel; an abort that comes with closing is not.
    let cancelled = ctx.signal.aborted && !opts.detach.aborted;
    const stopWatch = onAbort(ctx.signal, () => (cancelled ||= !opts.detach.aborted));
    // One numbering for the worker's lines and ours (1, 2, 3… for this run in this session, across retries).
    const counter = { seq: 0 };
    const system = (text: string) => ctx.emit([{ seq: ++counter.seq, stream: 'system', text, ts: Date.now() }]);
    try {
      const placed = await readPlacement(ctx.runDir);
      const found = placed ? await findOwnJob(opts, placed) : await submit(record, ctx, opts, system);
      if (!(found instanceof Job)) return found;
      return await follow(found, record, ctx, opts, { counter, system, cancelled: () => cancelled });
    } finally {
      stopWatch();
    }
  };
}

/** Zips the input, puts it in Redis and adds the job (its placement written first, so it is never lost track of). */
async function submit(record: JobRecord, ctx: ExecuteContext, opts: RemoteExecutorOptions, system: (text: string) => void): Promise<Job | ExecuteResult> {
  const paths = runPaths(ctx.runDir);
  const client = opts.clientId();
  const data: PoolJobData = PoolJobDataSchema.parse({ jobId: record.jobId, toolId: record.toolId, timeoutSec: record.timeoutSec, client });
  let zip: Buffer;
  try {
    zip = await zipParts(paths.input, (await readdir(paths.input)).sort(), opts.maxZipBytes);
  } catch (err) {
    // Said plainly (the project is too big for the pool), not as an internal failure.
    if (err instanceof AppError) return { status: 'error', message: `${err.message} Run it on this machine instead.`, engine: null };
    throw err;
  }
  const { redis } = opts;
  await redis.set(poolKeys.input(record.jobId), zip, 'EX', POOL_KEY_TTL_SEC);
  await redis.del(poolKeys.cancel(record.jobId), poolKeys.output(record.jobId), poolKeys.result(record.jobId));

  const { queue, events } = opts.queueFor(record.toolId);
  await events.waitUntilReady();
  await writePlacement(ctx.runDir, { pool: opts.where, queue: queue.name, toolId: record.toolId, jobId: record.jobId, client });
  // Kept a while once ended (not removed at once): an app that was closed meanwhile reads the outcome when it
  // comes back. The app removes it when it has collected the results.
  const keep = { age: POOL_KEY_TTL_SEC };
  const job = await queue.add('run', data, { jobId: record.jobId, removeOnComplete: keep, removeOnFail: keep });
  if (!(await toolsInPool(redis)).has(record.toolId)) system(noWorkerFor(record.toolName));
  return job;
}

/** The pool job an earlier session of this data folder submitted, or the end of the run when it cannot be followed. */
async function findOwnJob(opts: RemoteExecutorOptions, placed: Placement): Promise<Job | ExecuteResult> {
  const { queue, events } = opts.queueFor(placed.toolId);
  await events.waitUntilReady();
  const job = await Job.fromId(queue, placed.jobId);
  if (!job) {
    return {
      status: 'error',
      engine: null,
      message:
        'The shared pool no longer has this job (its Redis was emptied or restarted without saving, or it ended more than a day ago), so its results cannot be collected. Run it again.',
    };
  }
  const owner = (job.data as { client?: unknown }).client;
  if (owner !== opts.clientId()) {
    return { status: 'error', engine: null, message: `The shared pool's job ${placed.jobId} was submitted by another Hapyy data folder; its results are not collected here. Run it again.` };
  }
  return job;
}

interface Following {
  counter: { seq: number };
  system: (text: string) => void;
  cancelled: () => boolean;
}

/**
 * Follows a pool job to its end: its output stream from the start (a reattaching session replays what it missed,
 * numbered on from what this session has said), why it waits, cancel, and its results into the run folder.
 */
async function follow(job: Job, record: JobRecord, ctx: ExecuteContext, opts: RemoteExecutorOptions, how: Following): Promise<ExecuteResult | Detached> {
  const { redis } = opts;
  const { queue, events } = opts.queueFor(record.toolId);
  const { counter, system, cancelled } = how;
  const reader = new StreamReader(redis, record.jobId, ctx, counter, system);
  const waiting = explainWaiting(job, redis, record, ctx, reader);
  const stopCancel = onAbort(ctx.signal, () => {
    if (cancelled()) void cancelRemote(redis, job, record.jobId);
  });
  let detached = false;
  try {
    const outcome = await waitForOutcome(job, queue, events, ctx.signal, opts.detach, cancelled);
    if (outcome === 'detached') {
      detached = true;
      await reader.close();
      return { detached: true, message: 'Hapyy closed while this job was on the shared pool; it goes on there, and Hapyy takes it up again at its next start.' };
    }
    await reader.stop();
    if (outcome === 'removed') {
      return cancelled()
        ? { status: 'cancelled', message: 'Cancelled before a worker took it.' }
        : { status: 'error', engine: null, message: 'The job was taken out of the shared pool by someone else before a worker ran it.' };
    }
    await fetchResults(redis, record.jobId, ctx.runDir, opts.intakeLimits());
    return resultFrom(outcome);
  } catch (err) {
    await reader.stop();
    return { status: 'error', message: `The shared pool could not finish the run: ${err instanceof Error ? err.message : String(err)}`, engine: null };
  } finally {
    waiting.stop();
    stopCancel();
    // Collected (or ended): nothing of it is needed in Redis any more. Left in place when detached.
    if (!detached) {
      await redis.del(poolKeys.input(record.jobId), poolKeys.result(record.jobId), poolKeys.output(record.jobId), poolKeys.cancel(record.jobId)).catch(() => undefined);
      await job.remove().catch(() => undefined);
    }
  }
}

const noWorkerFor = (toolName: string) => `Waiting: no worker in the shared pool can run ${toolName} now; the job starts when one that can joins.`;

/**
 * While the job waits in the pool, its record says why: no live worker runs its tool, or they are all busy. Checked
 * now and every few seconds (a worker's entry lapses without a word when it dies), until a worker takes the job.
 */
function explainWaiting(job: Job, redis: Redis, record: JobRecord, ctx: ExecuteContext, reader: StreamReader): { stop(): void } {
  let stopped = false;
  const check = async () => {
    // Taken up again after a restart, a job may be running already: its reason is the worker, which the stream says.
    const state = await job.getState().catch(() => null);
    if (state !== 'waiting' && state !== 'prioritized' && state !== 'delayed') return;
    const tools = await toolsInPool(redis).catch(() => null);
    if (stopped || reader.worker !== null || !tools) return;
    ctx.setMessage(tools.has(record.toolId) ? `Waiting in the shared pool for a free worker that runs ${record.toolName}.` : noWorkerFor(record.toolName));
  };
  void check();
  const timer = setInterval(() => void check(), WAIT_CHECK_MS);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** The worker's outcome; 'removed' when the job left the pool unrun; 'detached' when the queue closes first. */
async function waitForOutcome(
  job: Job,
  queue: Queue,
  events: QueueEvents,
  signal: AbortSignal,
  detach: AbortSignal,
  cancelled: () => boolean,
): Promise<unknown> {
  let onRemoved: ((args: { jobId: string }) => void) | null = null;
  const stops: (() => void)[] = [];
  const removed = new Promise<'removed'>((resolve) => {
    onRemoved = ({ jobId }) => {
      if (jobId === job.id) resolve('removed');
    };
    events.on('removed', onRemoved);
    stops.push(
      onAbort(signal, () => {
        void Job.fromId(queue, job.id as string).then((found) => {
          if (!found) resolve('removed');
        });
      }),
    );
  });
  const detached = new Promise<'detached'>((resolve) => {
    stops.push(
      onAbort(detach, () => {
        if (!cancelled()) resolve('detached');
      }),
    );
  });
  try {
    return await Promise.race([job.waitUntilFinished(events), removed, detached]);
  } finally {
    if (onRemoved) events.off('removed', onRemoved);
    for (const stop of stops) stop();
  }
}

/** Cancel: a waiting job is taken out of the line; a running one is stopped by its worker (key + message). */
async function cancelRemote(redis: Redis, job: Job, jobId: string): Promise<void> {
  await redis.set(poolKeys.cancel(jobId), '1', 'EX', POOL_KEY_TTL_SEC);
  await redis.publish(poolKeys.cancelChannel, jobId);
  // Fails when a worker holds the job's lock: then the worker ends it and reports 'cancelled'.
  await job.remove().catch(() => undefined);
}

function resultFrom(value: unknown): ExecuteResult {
  const { record, worker } = PoolOutcomeSchema.parse(value);
  const result: Record<string, unknown> = { status: record.status };
  for (const key of [...OUTCOME_KEYS, 'durationMs'] as const) if (key in record) result[key] = record[key];
  const notes = Array.isArray(record.notes) ? (record.notes as string[]) : [];
  result.notes = [...notes, `Ran on worker ${worker} of the shared pool.`];
  return result as ExecuteResult;
}

/** Extracts the worker's results with intake's zip rules into a scratch folder, then moves them into place. */
async function fetchResults(redis: Redis, jobId: string, runDir: string, limits: IntakeLimits): Promise<void> {
  const zip = await redis.getBuffer(poolKeys.result(jobId));
  if (!zip) throw new Error('the worker finished but its results were not found');
  const paths = runPaths(runDir);
  await mkdir(paths.tmp, { recursive: true });
  const scratch = await mkdtemp(join(paths.tmp, 'pool-'));
  try {
    const zipPath = join(scratch, 'result.zip');
    await writeFile(zipPath, zip);
    const dest = join(scratch, 'out');
    await mkdir(dest);
    await extractZip(zipPath, dest, limits);
    for (const part of RESULT_PARTS) {
      const from = join(dest, part);
      const present = await readdir(dest).then((names) => names.includes(part));
      if (!present) continue;
      await rm(join(runDir, part), { recursive: true, force: true });
      await rename(from, join(runDir, part));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The job's output stream, read from its start: lines are renumbered here (1, 2, 3… for this run), so a retry on
 * another worker continues the sequence instead of repeating numbers, and says that it is a retry.
 */
class StreamReader {
  private readonly conn: Redis;
  private lastId = '0';
  private attempts = 0;
  private done = false;
  /** The worker running the job (the latest attempt's), null until one has taken it. */
  worker: string | null = null;
  private readonly loop: Promise<void>;

  constructor(
    redis: Redis,
    private readonly jobId: string,
    private readonly ctx: ExecuteContext,
    private readonly counter: { seq: number },
    private readonly system: (text: string) => void,
  ) {
    // Its own connection: XREAD BLOCK holds the connection it runs on.
    this.conn = redis.duplicate();
    this.conn.on('error', () => undefined);
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.done) {
      const res = await this.conn.xread('BLOCK', 1000, 'STREAMS', poolKeys.output(this.jobId), this.lastId).catch(() => null);
      if (res) this.take(res);
    }
  }

  private take(res: [string, [string, string[]][]][]): void {
    for (const [, entries] of res) {
      for (const [id, fields] of entries) {
        this.lastId = id;
        const entry = JSON.parse(fields[1] ?? '{}') as { kind?: string; lines?: OutputLine[]; worker?: string; attempt?: number };
        // Every attempt writes one 'attempt' entry first; a second one means the first worker was lost.
        if (entry.kind === 'attempt') {
          this.worker = entry.worker ?? '?';
          this.ctx.setMessage(`Running on worker ${this.worker} of the shared pool.`);
          if (++this.attempts > 1) this.system(`The worker running this job was lost; it starts again on worker ${this.worker}.`);
        } else if (entry.kind === 'lines' && entry.lines) {
          this.ctx.emit(entry.lines.map((line) => ({ ...line, seq: ++this.counter.seq })));
        }
      }
    }
  }

  /** Stops the live loop and reads no more: the stream stays in Redis for the next session to replay. */
  async close(): Promise<void> {
    this.done = true;
    this.conn.disconnect();
    await this.loop;
  }

  /** Stops the live loop, then reads what is left (everything the worker wrote before it reported its end). */
  async stop(): Promise<void> {
    await this.close();
    const rest = await this.remaining();
    this.take(rest);
  }

  private async remaining(): Promise<[string, [string, string[]][]][]> {
    const fresh = this.conn.duplicate();
    fresh.on('error', () => undefined);
    try {
      const entries = (await fresh.xrange(poolKeys.output(this.jobId), this.lastId === '0' ? '-' : `(${this.lastId}`, '+')) as [string, string[]][];
      return [[poolKeys.output(this.jobId), entries]];
    } finally {
      fresh.disconnect();
    }
  }
}

function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

