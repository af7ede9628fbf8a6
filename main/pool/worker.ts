import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobRecord, OutputLine } from '../../shared/jobs';
import type { Settings } from '../../shared/settings';
import { Jobs } from '../jobs';
import type { ResourceLayout } from '../resources';
import { createEngine, type Engine } from '../services/engine';
import { POOL_ZIP_MAX_BYTES, zipParts } from '../queue/pool/archive';
import { connect, maskPoolUrl } from '../queue/pool/connection';
import { PoolJobDataSchema, type PoolOutcome } from '../queue/pool/job-data';
import { HEARTBEAT_TTL_SEC, POOL_KEY_TTL_SEC, POOL_PREFIX, poolKeys } from '../queue/pool/keys';
import { RESULT_PARTS } from '../queue/pool/remote-executor';
import { announceWorker, retireWorker } from '../queue/pool/workers';

export interface PoolWorkerOptions {
  url: string;
  runtime: ResourceLayout;
  settings: Settings;
  concurrency?: number;
  /** Only these tools (default: every tool available on this machine). */
  tools?: string[];
  /** Where runs happen (default: a new temp folder, removed at stop). */
  dataDir?: string;
  /** BullMQ stall detection (tests make these small); defaults are BullMQ's. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxZipBytes?: number;
  workerId?: string;
}

/**
 * A pool worker: takes jobs from the queues of the tools it runs and runs each with its own engine — the same
 * intake, runner, sandbox and limits as a local run. Nothing in a job is trusted: the spec is parsed again, the tool
 * must be one this worker runs, the time limit goes through the local policy and the input zip through intake.
 */
export class PoolWorker {
  readonly id: string;
  private engine!: Engine;
  private jobs!: Jobs;
  private redis!: Redis;
  private subscriber!: Redis;
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private ownDataDir: string | null = null;
  /** Pool job id → this worker's local job id, while it runs. */
  private readonly running = new Map<string, string>();
  tools: string[] = [];

  constructor(private readonly opts: PoolWorkerOptions) {
    this.id = opts.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  async start(): Promise<void> {
    const concurrency = this.opts.concurrency ?? 1;
    let dataDir = this.opts.dataDir;
    if (!dataDir) dataDir = this.ownDataDir = await mkdtemp(join(tmpdir(), 'hapyy-worker-'));
    const settings: Settings = { ...this.opts.settings, queue: { ...this.opts.settings.queue, concurrency, perClientActive: 0, perClientHourly: 0 } };
    this.engine = await createEngine({ dataDir, runtime: this.opts.runtime, settings });
    this.jobs = new Jobs(this.engine);
    await this.engine.registry.ready();
    const available = this.engine.registry.list().filter((s) => s.available).map((s) => s.tool.id);
    this.tools = this.opts.tools ? available.filter((t) => this.opts.tools?.includes(t)) : available;

    this.redis = connect(this.opts.url);
    this.redis.on('error', () => undefined);
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('error', () => undefined);
    await this.subscriber.subscribe(poolKeys.cancelChannel);
    this.subscriber.on('message', (_channel: string, jobId: string) => this.cancelLocal(jobId));

    const info = { tools: this.tools, host: hostname(), concurrency };
    await announceWorker(this.redis, this.id, info);
    this.heartbeat = setInterval(() => void announceWorker(this.redis, this.id, info).catch(() => undefined), (HEARTBEAT_TTL_SEC * 1000) / 3);
    this.heartbeat.unref();

    for (const toolId of this.tools) {
      const connection = this.redis.duplicate();
      connection.on('error', () => undefined);
      this.connections.push(connection);
      const worker = new Worker(poolKeys.queueName(toolId), (job: Job) => this.process(job, toolId), {
        connection,
        prefix: POOL_PREFIX,
        concurrency,
        maxStalledCount: 1,
        ...(this.opts.lockDurationMs ? { lockDuration: this.opts.lockDurationMs } : {}),
        ...(this.opts.stalledIntervalMs ? { stalledInterval: this.opts.stalledIntervalMs } : {}),
      });
      worker.on('error', () => undefined);
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  describe(): string {
    return `worker ${this.id} on ${maskPoolUrl(this.opts.url)}: ${this.tools.length > 0 ? this.tools.join(', ') : 'no tools available'}`;
  }

  private cancelLocal(jobId: string): void {
    const local = this.running.get(jobId);
    if (local) void this.engine.queue.cancel(local).catch(() => undefined);
  }

  private async process(job: Job, toolId: string): Promise<PoolOutcome> {
    const parsed = PoolJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('The job was refused: its description is not valid.');
    const data = parsed.data;
    if (data.toolId !== toolId || !this.tools.includes(toolId)) throw new UnrecoverableError(`The job was refused: this worker does not run ${data.toolId}.`);

    const out = poolKeys.output(data.jobId);
    let writes: Promise<unknown> = this.redis.xadd(out, '*', 'e', JSON.stringify({ kind: 'attempt', worker: this.id, attempt: job.attemptsStarted + job.stalledCounter }));

    const input = await this.redis.getBuffer(poolKeys.input(data.jobId));
    if (!input) throw new UnrecoverableError('The job was refused: its input is no longer in the pool.');
    if (input.length > (this.opts.maxZipBytes ?? POOL_ZIP_MAX_BYTES)) throw new UnrecoverableError('The job was refused: its input is larger than this worker takes.');
    const scratch = await mkdtemp(join(tmpdir(), 'hapyy-pool-in-'));
    const client = { clientId: `pool:${data.jobId}`, canSee: () => true };
    let localId: string | null = null;
    try {
      const zipPath = join(scratch, 'input.zip');
      await writeFile(zipPath, input);
      // Intake's own checks (names, links, sizes, ratio, counts) on what arrived.
      const project = await this.engine.projects.openPath(zipPath).catch((err: unknown) => {
        throw new UnrecoverableError(`The job was refused: ${err instanceof Error ? err.message : String(err)}`);
      });

      const finished = new Map<string, JobRecord>();
      const buffered = new Map<string, OutputLine[][]>();
      let resolveEnd: (r: JobRecord) => void = () => undefined;
      const ended = new Promise<JobRecord>((resolve) => (resolveEnd = resolve));
      const forward = (lines: OutputLine[]) => {
        writes = writes.then(() => this.redis.xadd(out, '*', 'e', JSON.stringify({ kind: 'lines', lines })));
      };
      const offOutput = this.engine.queue.on('job:output', ({ jobId, lines }) => {
        if (jobId === localId) forward(lines);
        else if (localId === null) buffered.set(jobId, [...(buffered.get(jobId) ?? []), lines]);
      });
      const offFinished = this.engine.queue.on('job:finished', (record) => {
        if (record.jobId === localId) resolveEnd(record);
        else if (localId === null) finished.set(record.jobId, record);
      });
      try {
        const view = await this.jobs.submit(client, { projectId: project.projectId, toolId, timeoutSec: data.timeoutSec, priority: 'batch' });
        localId = view.record.jobId;
        this.running.set(data.jobId, localId);
        for (const lines of buffered.get(localId) ?? []) forward(lines);
        const early = finished.get(localId);
        if (early) resolveEnd(early);
        if (await this.redis.exists(poolKeys.cancel(data.jobId))) this.cancelLocal(data.jobId);
        const record = await ended;
        await writes;
        await this.redis.expire(out, POOL_KEY_TTL_SEC);
        const runDir = this.engine.runs.runDir(localId);
        const zip = await zipParts(runDir, RESULT_PARTS, this.opts.maxZipBytes ?? POOL_ZIP_MAX_BYTES);
        await this.redis.set(poolKeys.result(data.jobId), zip, 'EX', POOL_KEY_TTL_SEC);
        return { worker: this.id, record: record as unknown as Record<string, unknown> };
      } finally {
        offOutput();
        offFinished();
      }
    } finally {
      this.running.delete(data.jobId);
      if (localId) await this.engine.queue.delete(localId).catch(() => undefined);
      await rm(scratch, { recursive: true, force: true });
    }
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    // Forced: running jobs are not waited for. Their locks lapse and BullMQ hands them to another worker (as for a
    // lost worker), while the engine's shutdown below ends their process trees here.
    await Promise.all(this.workers.map((w) => w.close(true)));
    await retireWorker(this.redis, this.id).catch(() => undefined);
    for (const c of this.connections) c.disconnect();
    this.subscriber.disconnect();
    this.redis.disconnect();
    await this.engine.shutdown();
    if (this.ownDataDir) await rm(this.ownDataDir, { recursive: true, force: true });
  }
}
