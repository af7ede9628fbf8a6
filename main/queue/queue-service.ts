import { availableParallelism } from 'node:os';
import PQueue from 'p-queue';
import type { EventName, EventPayload, JobDetail, Notice } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { type Estimate, isActive, type JobRecord, type JobView, type OutputLine, type QueueStatus } from '../../shared/jobs';
import type { QueueSettings } from '../../shared/settings';
import { storageError, type RunStore } from '../store';
import { ClientLimits } from './client-limits';
import { CoalescedTask } from './coalesced-task';
import { countsTowardDurations, DurationStats } from './durations';
import { estimateQueue } from './estimates';
import { EventBus } from './event-bus';
import { createJobId } from './job-id';
import { cancelWaitingRecord, finishRecord, newRecord, specOf, startRecord } from './job-record';
import { OutputRelay } from './output-relay';
import type { ExecuteResult, Executor, JobSpec, Preparer, QueueOptions } from './types';
import { recoverHistory } from './recovery';
import { PRIORITY_RANK, WaitingList } from './waiting-list';

const DEFAULT_BATCH_MS = 50;
const DEFAULT_KEEP_LINES = 10_000;

interface Running {
  jobId: string;
  clientId: string;
  toolId: string;
  startedAt: number;
  abort: AbortController;
  done: Promise<JobRecord>;
}

interface Preparing {
  clientId: string;
  abort: AbortController;
  settled: Promise<unknown>;
}

/**
 * The job queue: p-queue for slots and order, plus what p-queue does not do: positions and estimates, per-client
 * limits, cancel, live output, and a record on disk for every state change.
 *
 * A slot is held until the executor resolves, and the executor resolves only when the tool's process tree has
 * exited; p-queue's own timeout (which frees the slot while the child still runs) is never used.
 */
export class QueueService {
  private readonly store: RunStore;
  private readonly execute: Executor;
  private readonly prepare: Preparer | undefined;
  private readonly opts: QueueOptions;
  private readonly now: () => number;
  private readonly pq = new PQueue({ concurrency: 1 });
  private readonly bus = new EventBus();
  private readonly limits: ClientLimits;
  private readonly durations = new DurationStats();

  private readonly records = new Map<string, JobRecord>();
  private readonly waiting = new WaitingList();
  private readonly running = new Map<string, Running>();
  private readonly preparing = new Map<string, Preparing>();
  /** Jobs whose executor has returned but whose end is still being saved and announced. */
  private readonly ending = new Set<string>();
  private readonly relays = new Map<string, OutputRelay>();
  /** Per job, the last pending save: saves of one record are serialized so an older one never lands last. */
  private readonly saves = new Map<string, Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  /** Retention after runs: never two passes at once, and one more if runs ended during a pass. */
  private readonly retention = new CoalescedTask(
    () =>
      this.retainNow().catch((err: unknown) => {
        this.bus.emit('app:notice', { level: 'warning', message: `Old runs could not be cleaned up (${errorText(err)}).` });
      }),
    () => this.checkIdle(),
  );
  private paused = false;
  private closing = false;
  private started = false;

  constructor(opts: QueueOptions) {
    this.opts = opts;
    this.store = opts.store;
    this.execute = opts.execute;
    this.prepare = opts.prepare;
    this.now = opts.now ?? Date.now;
    this.limits = new ClientLimits(this.now);
    this.applySettings();
  }

  /** Loads history; jobs that were waiting or running when the app died become 'interrupted'. */
  async start(): Promise<{ notices: Notice[] }> {
    // Twice would mark this session's own live jobs as interrupted.
    if (this.started) return { notices: [] };
    this.started = true;
    const { records, notices } = await recoverHistory(this.store, {
      known: (id) => this.records.has(id) || this.preparing.has(id),
      killLeftovers: this.opts.killLeftovers,
    });
    for (const record of records) this.records.set(record.jobId, record);
    this.durations.seed(records);
    await this.retainNow().catch((err: unknown) => {
      notices.push({ level: 'warning', message: `Old runs could not be cleaned up (${errorText(err)}).` });
    });
    return { notices };
  }

  async submit(spec: JobSpec): Promise<JobView> {
    if (this.closing) throw new AppError('cancelled', 'Hapyy is closing; the job was not submitted.');
    const settings = this.applySettings();
    const waitingNow = this.waiting.length + this.preparing.size;
    if (waitingNow >= settings.capacity) {
      throw new AppError('queue-full', `The queue is full: ${waitingNow} jobs are waiting, the most it holds. Try again when one has started.`, {
        capacity: settings.capacity,
      });
    }
    this.limits.check(spec.clientId, this.activeCount(spec.clientId), settings, () => this.nextEndFor(spec.clientId));

    // Reserved synchronously, before the first await, so concurrent submits cannot both pass the checks.
    const jobId = this.opts.idFactory ? this.opts.idFactory() : createJobId(this.now());
    const runDir = this.store.runDir(jobId);
    if (this.records.has(jobId) || this.preparing.has(jobId)) throw new AppError('internal', `Job id ${jobId} is already in use.`);
    const unrecord = this.limits.record(spec.clientId);
    const abort = new AbortController();
    let settle!: (v: unknown) => void;
    this.preparing.set(jobId, { clientId: spec.clientId, abort, settled: new Promise((r) => (settle = r)) });

    const record = newRecord(spec, jobId, this.now());
    let created = false;
    try {
      await this.store.create(jobId);
      created = true;
      // Saved before preparing: if the app dies during a long copy, the job comes back as 'interrupted'.
      await this.store.save(record);
      if (this.prepare) await this.prepare(record, runDir, abort.signal);
      if (abort.signal.aborted) throw new AppError('cancelled', 'Hapyy is closing; the job was not submitted.');
    } catch (err) {
      this.preparing.delete(jobId);
      unrecord();
      if (created) await this.store.remove(jobId).catch(() => undefined);
      settle(undefined);
      this.checkIdle();
      if (abort.signal.aborted && !(err instanceof AppError)) throw new AppError('cancelled', 'Hapyy is closing; the job was not submitted.');
      throw storageError(err, 'The job could not be submitted');
    }
    this.preparing.delete(jobId);
    settle(undefined);

    this.records.set(jobId, record);
    const dequeue = new AbortController();
    this.waiting.add({ jobId, toolId: spec.toolId, clientId: spec.clientId, priority: spec.priority, dequeue });
    const view = this.view(jobId);
    this.bus.emit('job:queued', view);
    // Passing a signal lets a waiting task be taken out of p-queue; it is never aborted once the job runs.
    this.pq.add(() => this.runJob(jobId), { priority: PRIORITY_RANK[spec.priority], signal: dequeue.signal }).catch(() => undefined);
    this.emitStatus();
    return view;
  }

  /** A waiting job is removed at once; a running one is stopped, and this resolves when its process tree is gone. */
  async cancel(jobId: string): Promise<JobRecord> {
    const record = this.require(jobId);
    const entry = this.waiting.remove(jobId);
    if (entry) {
      entry.dequeue.abort();
      const cancelled = cancelWaitingRecord(record, this.now());
      this.records.set(jobId, cancelled);
      this.ending.add(jobId);
      await this.persist(cancelled);
      this.bus.emit('job:finished', cancelled);
      this.emitStatus();
      this.ending.delete(jobId);
      this.checkIdle();
      return cancelled;
    }
    const run = this.running.get(jobId);
    if (run) {
      run.abort.abort();
      return run.done;
    }
    return record;
  }

  /** The record and the output so far; live `job:output` events continue with seq > lastSeq. */
  async get(jobId: string): Promise<JobDetail> {
    const record = this.require(jobId);
    const relay = this.relays.get(jobId);
    const position = this.waiting.position(jobId);
    // For a live job everything happens before the first await, so no line can slip between snapshot and return.
    if (relay && (isActive(record.status) || !this.opts.readLog)) {
      const snap = relay.snapshot();
      return { record, output: snap.output, lastSeq: snap.lastSeq, position };
    }
    if (isActive(record.status) || !this.opts.readLog) return { record, output: [], lastSeq: 0, position };
    let output: OutputLine[] = [];
    try {
      output = await this.opts.readLog(this.store.runDir(jobId), this.keepLines());
    } catch {
      // A run folder without a readable log (deleted, never started) simply has no output to show.
    }
    return { record, output, lastSeq: output.at(-1)?.seq ?? 0, position };
  }

  /** One job's record, or undefined when there is no such job. */
  find(jobId: string): JobRecord | undefined {
    return this.records.get(jobId);
  }

  /** Active jobs and history, newest first. */
  list(): JobRecord[] {
    return [...this.records.values()].sort((a, b) => b.queuedAt - a.queuedAt || (a.jobId < b.jobId ? 1 : a.jobId > b.jobId ? -1 : 0));
  }

  async rerun(jobId: string, clientId: string): Promise<JobView> {
    const original = this.require(jobId);
    return this.submit({ ...specOf(original), clientId, rerunOf: jobId });
  }

  async delete(jobId: string): Promise<void> {
    this.require(jobId);
    if (this.isBusy(jobId)) throw new AppError('invalid-input', 'This job is still waiting or running; cancel it first.');
    await this.saves.get(jobId);
    await this.store.remove(jobId);
    this.forget(jobId);
  }

  /** Deletes every finished run (`which` narrows it, e.g. to one window's); returns how many were removed. */
  async clearHistory(which: (record: JobRecord) => boolean = () => true): Promise<number> {
    let removed = 0;
    for (const record of [...this.records.values()]) {
      if (this.isBusy(record.jobId) || !which(record)) continue;
      await this.saves.get(record.jobId);
      await this.store.remove(record.jobId);
      this.forget(record.jobId);
      removed += 1;
    }
    return removed;
  }

  status(): QueueStatus {
    const settings = this.applySettings();
    const estimates = this.estimates();
    const running = [...this.running.values()].sort((a, b) => a.startedAt - b.startedAt);
    const jobs: JobView[] = [
      ...running.map((r) => ({ record: this.records.get(r.jobId) as JobRecord, position: null, estimate: estimates.get(r.jobId) ?? null })),
      ...this.waiting.entries().map((e, i) => ({
        record: this.records.get(e.jobId) as JobRecord,
        position: i + 1,
        estimate: estimates.get(e.jobId) ?? null,
      })),
    ];
    return {
      waiting: this.waiting.length,
      running: this.running.size,
      concurrency: this.pq.concurrency,
      capacity: settings.capacity,
      paused: this.paused,
      jobs,
    };
  }

  pause(): QueueStatus {
    this.paused = true;
    this.pq.pause();
    return this.emitStatus();
  }

  resume(): QueueStatus {
    this.paused = false;
    this.pq.start();
    return this.emitStatus();
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.bus.on(event, listener);
  }

  /** Cancels everything waiting, stops everything running, and resolves when every executor has finished and every record is saved. */
  async shutdown(): Promise<void> {
    this.closing = true;
    for (const p of this.preparing.values()) p.abort.abort();
    for (const entry of [...this.waiting.entries()]) {
      this.waiting.remove(entry.jobId);
      entry.dequeue.abort();
      const record = this.records.get(entry.jobId);
      if (!record) continue;
      const cancelled = cancelWaitingRecord(record, this.now(), 'Cancelled because Hapyy was closing.');
      this.records.set(entry.jobId, cancelled);
      void this.persist(cancelled);
      this.bus.emit('job:finished', cancelled);
    }
    for (const r of this.running.values()) r.abort.abort();
    await Promise.all([...[...this.running.values()].map((r) => r.done), ...[...this.preparing.values()].map((p) => p.settled)]);
    await Promise.all([...this.saves.values()]);
    await this.retention.settled();
    this.checkIdle();
  }

  /** Resolves when nothing waits, runs or is being saved (never, while paused with jobs waiting). */
  onIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // ── running a job ────────────────────────────────────────────────────────────────────────────────────────

  private async runJob(jobId: string): Promise<void> {
    const entry = this.waiting.remove(jobId);
    const queued = this.records.get(jobId);
    // Cancelled while p-queue was handing it a slot: nothing to run.
    if (!entry || !queued) return;
    const abort = new AbortController();
    let resolveDone!: (r: JobRecord) => void;
    const done = new Promise<JobRecord>((r) => (resolveDone = r));
    const started = startRecord(queued, this.now());
    this.records.set(jobId, started);
    this.running.set(jobId, { jobId, clientId: started.clientId, toolId: started.toolId, startedAt: started.startedAt as number, abort, done });
    const relay = new OutputRelay(this.keepLines(), this.opts.outputBatchMs ?? DEFAULT_BATCH_MS, (lines) =>
      this.bus.emit('job:output', { jobId, lines }),
    );
    this.relays.set(jobId, relay);

    let result: ExecuteResult;
    try {
      await this.persist(started);
      this.bus.emit('job:started', this.view(jobId));
      this.emitStatus();
      if (abort.signal.aborted) {
        result = { status: 'cancelled', message: 'Cancelled before it started.' };
      } else {
        result = await this.execute(started, {
          jobId,
          runDir: this.store.runDir(jobId),
          signal: abort.signal,
          emit: (lines) => relay.push(lines),
        });
      }
    } catch (err) {
      result = { status: 'error', message: 'The run failed inside Hapyy.', systemError: errorText(err) };
    }

    relay.close();
    this.ending.add(jobId);
    const finished = finishRecord(started, result, this.now());
    if (this.opts.readLog) this.relays.delete(jobId);
    this.records.set(jobId, finished);
    // The client's active count drops here, when the job has ended, before anyone hears that it has.
    this.running.delete(jobId);
    if (countsTowardDurations(finished)) this.durations.add(finished.toolId, finished.durationMs as number);
    this.applySettings();
    await this.persist(finished);
    this.bus.emit('job:finished', finished);
    this.emitStatus();
    resolveDone(finished);
    this.ending.delete(jobId);
    this.scheduleRetention();
    this.checkIdle();
  }

  // ── bookkeeping ───────────────────────────────────────────────────────────────────────────────────────────

  /** Saves a record after any earlier save of the same job; a failure is reported, never thrown into the queue. */
  private persist(record: JobRecord): Promise<void> {
    const id = record.jobId;
    const next = (this.saves.get(id) ?? Promise.resolve())
      .then(() => this.store.save(record))
      .catch((err: unknown) => {
        this.bus.emit('app:notice', { level: 'error', message: `The record of run ${id} could not be saved (${errorText(err)}).` });
      })
      .finally(() => {
        if (this.saves.get(id) === next) this.saves.delete(id);
        this.checkIdle();
      });
    this.saves.set(id, next);
    return next;
  }

  private scheduleRetention(): void {
    if (this.opts.retention && !this.closing) this.retention.request();
  }

  private async retainNow(): Promise<void> {
    if (!this.opts.retention) return;
    const removed = await this.store.applyRetention([...this.records.values()], this.opts.retention(), (id) => this.isBusy(id));
    for (const id of removed) this.forget(id);
  }

  private forget(jobId: string): void {
    this.records.delete(jobId);
    this.relays.delete(jobId);
  }

  /** Waiting, running, being prepared, or with a save still in flight: not to be deleted. */
  private isBusy(jobId: string): boolean {
    const r = this.records.get(jobId);
    return (
      (r !== undefined && isActive(r.status)) ||
      this.running.has(jobId) ||
      this.waiting.has(jobId) ||
      this.preparing.has(jobId) ||
      this.saves.has(jobId)
    );
  }

  private activeCount(clientId: string): number {
    let n = 0;
    for (const e of this.waiting.entries()) if (e.clientId === clientId) n += 1;
    for (const r of this.running.values()) if (r.clientId === clientId) n += 1;
    for (const p of this.preparing.values()) if (p.clientId === clientId) n += 1;
    return n;
  }

  /** When the first of this client's jobs is expected to end (typical estimate), for a refused submit's retryAt. */
  private nextEndFor(clientId: string): number | null {
    const estimates = this.estimates();
    let best: number | null = null;
    const consider = (id: string) => {
      const e = estimates.get(id);
      if (e && (best === null || e.finishMs[0] < best)) best = e.finishMs[0];
    };
    for (const r of this.running.values()) if (r.clientId === clientId) consider(r.jobId);
    for (const e of this.waiting.entries()) if (e.clientId === clientId) consider(e.jobId);
    return best === null ? null : this.now() + best;
  }

  private estimates(): Map<string, Estimate | null> {
    return estimateQueue({
      now: this.now(),
      concurrency: this.pq.concurrency,
      running: [...this.running.values()],
      waiting: this.waiting.entries(),
      durations: (toolId) => this.durations.for(toolId),
      samples: (toolId) => this.durations.samples(toolId),
      paused: this.paused,
    });
  }

  private view(jobId: string): JobView {
    const record = this.records.get(jobId) as JobRecord;
    const position = this.waiting.position(jobId);
    const active = this.running.has(jobId) || position !== null;
    return { record, position, estimate: active ? (this.estimates().get(jobId) ?? null) : null };
  }

  private emitStatus(): QueueStatus {
    const status = this.status();
    this.bus.emit('queue:status', status);
    return status;
  }

  /** Reads the settings again and applies the concurrency, so a change takes effect at the next start or end. */
  private applySettings(): QueueSettings {
    const settings = this.opts.settings();
    const concurrency = settings.concurrency > 0 ? settings.concurrency : availableParallelism();
    if (this.pq.concurrency !== concurrency) this.pq.concurrency = concurrency;
    return settings;
  }

  private keepLines(): number {
    return this.opts.keepLines?.() ?? DEFAULT_KEEP_LINES;
  }

  private require(jobId: string): JobRecord {
    const record = this.records.get(jobId);
    if (!record) throw new AppError('not-found', 'That job no longer exists.');
    return record;
  }

  private idle(): boolean {
    return (
      this.waiting.length === 0 &&
      this.running.size === 0 &&
      this.preparing.size === 0 &&
      this.ending.size === 0 &&
      this.saves.size === 0 &&
      !this.retention.busy
    );
  }

  private checkIdle(): void {
    if (!this.idle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
