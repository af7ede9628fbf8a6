import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Job, Queue, type QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../../../shared/errors';
import type { OutputLine } from '../../../shared/jobs';
import type { IntakeLimits } from '../../../shared/settings';
import { extractZip } from '../../intake';
import { RUN_LAYOUT, runPaths } from '../../store';
import { OUTCOME_KEYS } from '../job-record';
import type { ExecuteContext, ExecuteResult, Executor } from '../types';
import { zipParts } from './archive';
import { PoolJobDataSchema, PoolOutcomeSchema, type PoolJobData } from './job-data';
import { POOL_KEY_TTL_SEC, POOL_PREFIX, poolKeys } from './keys';
import { toolsInPool } from './workers';

/** Written into the run folder: which pool job this run is (to reattach or to look it up by hand). */
export const POOL_RUN_FILE = 'pool.json';
/** Parts of a worker's run folder that come back: the log, the findings, the outputs and the (changed) input. */
export const RESULT_PARTS = [RUN_LAYOUT.input, RUN_LAYOUT.output, RUN_LAYOUT.log, RUN_LAYOUT.diagnostics] as const;

export interface RemoteExecutorOptions {
  redis: Redis;
  /** The masked address, for pool.json and messages. */
  where: string;
  queueFor(toolId: string): { queue: Queue; events: QueueEvents };
  maxZipBytes: number;
  intakeLimits: () => IntakeLimits;
}

/**
 * An executor that runs the job on the shared pool: the local run folder (made by intake as for a local run) is
 * zipped and handed to a worker; its output streams back; its results are extracted into the same run folder.
 */
export function createRemoteExecutor(opts: RemoteExecutorOptions): Executor {
  return async (record, ctx) => {
    const paths = runPaths(ctx.runDir);
    const data: PoolJobData = PoolJobDataSchema.parse({ jobId: record.jobId, toolId: record.toolId, timeoutSec: record.timeoutSec });
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
    const job = await queue.add('run', data, { jobId: record.jobId, removeOnComplete: true, removeOnFail: true });
    await writeFile(join(ctx.runDir, POOL_RUN_FILE), JSON.stringify({ pool: opts.where, queue: queue.name, toolId: record.toolId, jobId: job.id }));

    // One numbering for the worker's lines and ours (1, 2, 3… for this run, across retries).
    const counter = { seq: 0 };
    const system = (text: string) => ctx.emit([{ seq: ++counter.seq, stream: 'system', text, ts: Date.now() }]);
    if (!(await toolsInPool(redis)).has(record.toolId)) {
      system(`No worker in the shared pool can run ${record.toolName} now; the job waits until one that can joins.`);
    }
    const reader = new StreamReader(redis, record.jobId, ctx, counter, system);
    const stopCancel = onAbort(ctx.signal, () => void cancelRemote(redis, job, record.jobId));
    try {
      const outcome = await waitForOutcome(job, queue, events, ctx.signal);
      await reader.stop();
      if (outcome === 'removed') return { status: 'cancelled', message: 'Cancelled before a worker took it.' };
      await fetchResults(redis, record.jobId, ctx.runDir, opts.intakeLimits());
      return resultFrom(outcome);
    } catch (err) {
      await reader.stop();
      return { status: 'error', message: `The shared pool could not finish the run: ${err instanceof Error ? err.message : String(err)}`, engine: null };
    } finally {
      stopCancel();
      await redis.del(poolKeys.input(record.jobId), poolKeys.result(record.jobId)).catch(() => undefined);
    }
  };
}

/** The worker's outcome (or 'removed' when the job was cancelled before any worker took it). */
async function waitForOutcome(job: Job, queue: Queue, events: QueueEvents, signal: AbortSignal): Promise<unknown> {
  let onRemoved: ((args: { jobId: string }) => void) | null = null;
  let stopAbort: () => void = () => undefined;
  const removed = new Promise<'removed'>((resolve) => {
    onRemoved = ({ jobId }) => {
      if (jobId === job.id) resolve('removed');
    };
    events.on('removed', onRemoved);
    stopAbort = onAbort(signal, () => {
      void Job.fromId(queue, job.id as string).then((found) => {
        if (!found) resolve('removed');
      });
    });
  });
  try {
    return await Promise.race([job.waitUntilFinished(events), removed]);
  } finally {
    if (onRemoved) events.off('removed', onRemoved);
    stopAbort();
  }
}

/**
 * Pool jobs of runs that a previous session left (named by their pool.json): each is cancelled — a running one ends
 * on its worker, a waiting one is taken out of its queue.
 */
export async function cancelOrphans(redis: Redis, runDirs: string[]): Promise<number> {
  let n = 0;
  for (const runDir of runDirs) {
    let info: { jobId?: unknown; queue?: unknown };
    try {
      info = JSON.parse(await readFile(join(runDir, POOL_RUN_FILE), 'utf8')) as typeof info;
    } catch {
      continue; // not a pool run
    }
    if (typeof info.jobId !== 'string' || typeof info.queue !== 'string') continue;
    const queue = new Queue(info.queue, { connection: redis, prefix: POOL_PREFIX });
    try {
      const job = await Job.fromId(queue, info.jobId);
      if (job) await cancelRemote(redis, job, info.jobId);
      n += 1;
    } finally {
      await queue.close().catch(() => undefined);
    }
  }
  return n;
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
        if (entry.kind === 'attempt' && ++this.attempts > 1) {
          this.system(`The worker running this job was lost; it starts again on worker ${entry.worker ?? '?'}.`);
        } else if (entry.kind === 'lines' && entry.lines) {
          this.ctx.emit(entry.lines.map((line) => ({ ...line, seq: ++this.counter.seq })));
        }
      }
    }
  }

  /** Stops the live loop, then reads what is left (everything the worker wrote before it reported its end). */
  async stop(): Promise<void> {
    this.done = true;
    this.conn.disconnect();
    await this.loop;
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

