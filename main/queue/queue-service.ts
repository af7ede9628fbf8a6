import { availableParallelism } from 'node:os';
import PQueue, { type QueueAddOptions } from 'p-queue';
import type { JobDetail } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Estimate, JobRecord, JobView, OutputLine, QueueStatus } from '../../shared/jobs';
import type { QueueSettings } from '../../shared/settings';
import { storageError, type AtomicWriteOptions, type RunStore } from '../store';
import { ClientLimits } from './client-limits';
import { CoalescedTask } from './coalesced-task';
import { countsTowardDurations, DurationStats } from './durations';
import { estimateQueue } from './estimates';
import { QueueEvents, type QueueEventName, type QueueEventPayload } from './events';
import { createJobId } from './job-id';
import { cancelWaitingRecord, finishRecord, newRecord, specOf, startRecord } from './job-record';
import type { JobQueue } from './job-queue';
import { isLive, newJob, type Job } from './job-state';
import { JobTable } from './job-table';
import { OutputRelay } from './output-relay';
import { PacedSignal } from './paced-signal';
import { recoverHistory } from './recovery';
import type { Detached, ExecuteResult, Executor, JobSpec, Preparer, QueueOptions } from './types';
import { observedLine, PRIORITY_RANK, type WaitingLine } from './waiting-line';

const DEFAULT_BATCH_MS = 50;
/**
 * After a queue:status that took c ms to make and hand out, the next waits c × STATUS_GAP_PER_COST (at most
 * STATUS_MAX_GAP_MS): statuses take at most about 2 % of the main thread, however long the line. One that cost less
 * than STATUS_FREE_MS (a short line: 0.1 ms typical here) holds nothing back.
 */
const STATUS_GAP_PER_COST = 49;
const STATUS_MAX_GAP_MS = 100;
const STATUS_FREE_MS = 0.5;
const DEFAULT_KEEP_LINES = 10_000;
const CLOSING = 'Hapyy is closing; the job was not submitted.';

/**
 * The job queue. Every job it knows — being prepared, waiting, running, ending, or history — is one entry of one table,
 * with an explicit state (job-state.ts); busy, idle, cancel and shutdown are questions about that table, answered from
 * its live jobs (job-table.ts). p-queue is the scheduler and the only source of order: its waiting line is ours
 * (queueClass), so positions are read from the line it dequeues from, and pausing is p-queue's own.
 *
 * A slot is held until the executor resolves, and the executor resolves only when the tool's process tree has
 * exited; p-queue's own timeout (which frees the slot while the child still runs) is never used.
 */
export class QueueService implements JobQueue {
  private readonly store: RunStore;
  private readonly execute: Executor;
  private readonly prepare: Preparer | undefined;
  private readonly opts: QueueOptions;
  private readonly now: () => number;
  private line!: WaitingLine;
  private readonly pq: PQueue<WaitingLine, QueueAddOptions>;
  private readonly events = new QueueEvents();
  private readonly limits: ClientLimits;
  private readonly durations = new DurationStats();
  private readonly jobs = new JobTable();
  /**
   * The job whose pq.add is in progress: p-queue's 'add' event (after enqueue, before start) takes its view, and says
   * job:queued then when `announce` is set, so a job that starts at once is heard as queued before it is as started.
   */
  private adding: { job: Job; view: JobView | null; announce: boolean } | null = null;
  private idleWaiters: (() => void)[] = [];
  /** Retention after runs: never two passes at once, and one more if runs ended during a pass. */
  private readonly retention = new CoalescedTask(
    () =>
      this.retainNow().catch((err: unknown) => {
        this.events.emit('app:notice', { level: 'warning', message: `Old runs could not be cleaned up (${errorText(err)}).` });
      }),
    () => this.checkIdle(),
  );
  private closing = false;
  private started = false;
  /**
   * queue:status is paced by its own cost (STATUS_GAP_PER_COST). Each one simulates the whole waiting line for its
   * estimates and is sent to every window: once per turn of the event loop was still about one per submit or per
   * ended run in a burst (about 800 for 1,000 runs of a no-op tool), O(N²) in all. A short line's status is cheap and
   * still goes out at the end of the turn, so a window hears of one job's start or message at once.
   */
  private readonly statusSignal: PacedSignal;

  constructor(opts: QueueOptions) {
    this.opts = opts;
    this.store = opts.store;
    this.execute = opts.execute;
    this.prepare = opts.prepare;
    this.now = opts.now ?? Date.now;
    const fixedGap = opts.statusGapMs;
    this.statusSignal = new PacedSignal(
      () => this.events.emit('queue:status', this.status()),
      (costMs) => fixedGap ?? (costMs < STATUS_FREE_MS ? 0 : Math.min(STATUS_MAX_GAP_MS, costMs * STATUS_GAP_PER_COST)),
    );
    this.limits = new ClientLimits(this.now);
    this.pq = new PQueue<WaitingLine, QueueAddOptions>({
      concurrency: 1,
      queueClass: observedLine((line) => (this.line = line)),
    });
    this.pq.on('add', () => {
      const a = this.adding;
      if (!a || a.view) return;
      a.view = this.view(a.job);
      if (a.announce) this.events.emit('job:queued', a.view);
    });
    this.applySettings();
  }

  /**
   * Loads history; jobs that were waiting or running when the app died become 'interrupted' — except those whose run
   * goes on elsewhere (QueueOptions.resumable: a pool job), which are run again through the executor to follow it.
   */
  async start(): Promise<{ notices: { level: 'info' | 'warning' | 'error'; message: string }[] }> {
    // Twice would mark this session's own live jobs as interrupted.
    if (this.started) return { notices: [] };
    this.started = true;
    const { records, resumed, notices } = await recoverHistory(this.store, {
      known: (id) => this.jobs.has(id),
      killLeftovers: this.opts.killLeftovers,
      resumable: this.opts.resumable,
    });
    for (const record of records) {
      const job = newJob(record, 'done');
      job.resolveFinished(record);
      this.jobs.set(job);
    }
    for (const record of resumed) this.enqueue(newJob(record, 'waiting'), true);
    this.durations.seed(records);
    await this.retainNow().catch((err: unknown) => {
      notices.push({ level: 'warning', message: `Old runs could not be cleaned up (${errorText(err)}).` });
    });
    return { notices };
  }

  async submit(spec: JobSpec): Promise<JobView> {
    if (this.closing) throw new AppError('cancelled', CLOSING);
    const settings = this.applySettings();
    const waitingNow = this.countLive((j) => j.state === 'waiting' || j.state === 'preparing');
    if (waitingNow >= settings.capacity) {
      throw new AppError('queue-full', `The queue is full: ${waitingNow} jobs are waiting, the most it holds. Try again when one has started.`, {
        capacity: settings.capacity,
      });
    }
    this.limits.check(spec.clientId, this.activeCount(spec.clientId), settings, () => this.nextEndFor(spec.clientId), spec.watchId);

    // Reserved synchronously, before the first await, so concurrent submits cannot both pass the checks.
    const jobId = this.opts.idFactory ? this.opts.idFactory() : createJobId(this.now());
    if (this.jobs.has(jobId)) throw new AppError('internal', `Job id ${jobId} is already in use.`);
    const runDir = this.store.runDir(jobId);
    const unrecord = this.limits.record(spec.clientId, spec.watchId);
    const job = newJob(newRecord(spec, jobId, this.now()), 'preparing');
    this.jobs.set(job);

    let created = false;
    try {
      await this.store.create(jobId);
      created = true;
      // Saved before preparing: if the app dies during a long copy, the job comes back as 'interrupted'.
      await this.store.save(job.record);
      if (this.prepare) await untilAborted(this.prepare(job.record, runDir, job.abort.signal), job.abort.signal);
      if (job.abort.signal.aborted) throw new AppError('cancelled', CLOSING);
    } catch (err) {
      // A job refused during preparation never was: its folder goes, and its slot in the client's hourly count.
      unrecord();
      if (created) await this.store.remove(jobId).catch(() => undefined);
      this.jobs.move(job, 'done');
      this.jobs.delete(jobId);
      job.resolveFinished(job.record);
      this.checkIdle();
      if (job.abort.signal.aborted && !(err instanceof AppError)) throw new AppError('cancelled', CLOSING);
      throw storageError(err, 'The job could not be submitted');
    }

    this.jobs.move(job, 'waiting');
    const view = this.enqueue(job, false, true);
    this.emitStatus();
    return view;
  }

  /**
   * Into p-queue's line; `resumed`: a job of an earlier session whose run goes on elsewhere, taken up again;
   * `announce`: say job:queued (a new submit).
   */
  private enqueue(job: Job, resumed: boolean, announce = false): JobView {
    this.jobs.set(job);
    const adding = (this.adding = { job, view: null as JobView | null, announce });
    // The signal lets a waiting task be taken out of p-queue's line; it is never aborted once the job runs.
    this.pq.add(() => this.runJob(job, resumed), { priority: PRIORITY_RANK[job.record.priority], id: job.jobId, signal: job.dequeue.signal }).catch(() => undefined);
    this.adding = null;
    if (adding.view) return adding.view;
    const view = this.view(job);
    if (announce) this.events.emit('job:queued', view);
    return view;
  }

  /** A waiting job is removed at once; a running one is stopped, and this resolves when its process tree is gone. */
  async cancel(jobId: string): Promise<JobRecord> {
    const job = this.require(jobId);
    switch (job.state) {
      case 'waiting':
        return this.endWaiting(job, 'Cancelled before it started.');
      case 'running':
        job.abort.abort();
        return job.finished;
      case 'preparing':
        // Its submit is refused as cancelled; there is no record to end.
        job.abort.abort();
        return job.record;
      case 'ending':
        return job.finished;
      case 'done':
        return job.record;
    }
  }

  /** The record and the output so far; live `job:output` events continue with seq > lastSeq. */
  async get(jobId: string): Promise<JobDetail> {
    const job = this.require(jobId);
    const { record, relay } = job;
    const position = this.positionOf(job);
    // For a live job everything happens before the first await, so no line can slip between snapshot and return.
    if (relay && (isLive(job) || !this.opts.readLog)) {
      const snap = relay.snapshot();
      return { record, output: snap.output, lastSeq: snap.lastSeq, position };
    }
    if (isLive(job) || !this.opts.readLog) return { record, output: [], lastSeq: 0, position };
    let output: OutputLine[] = [];
    try {
      output = await this.opts.readLog(this.store.runDir(jobId), this.keepLines());
    } catch {
      // Safe to show nothing: the record still says how many lines there were, and a run folder without a readable
      // log (deleted by hand, never started) has no other output to offer.
    }
    return { record, output, lastSeq: output.at(-1)?.seq ?? 0, position };
  }

  /** One job's record, or undefined when there is no such job (a preparing job has none to show yet). */
  find(jobId: string): JobRecord | undefined {
    const job = this.jobs.get(jobId);
    return job && job.state !== 'preparing' ? job.record : undefined;
  }

  /** Waiting, running and finished jobs, newest first. */
  list(): JobRecord[] {
    return [...this.jobs.values()]
      .filter((j) => j.state !== 'preparing')
      .map((j) => j.record)
      .sort((a, b) => b.queuedAt - a.queuedAt || (a.jobId < b.jobId ? 1 : a.jobId > b.jobId ? -1 : 0));
  }

  async rerun(jobId: string, clientId: string): Promise<JobView> {
    const original = this.require(jobId).record;
    return this.submit({ ...specOf(original), clientId, rerunOf: jobId });
  }

  async delete(jobId: string): Promise<void> {
    const job = this.require(jobId);
    if (isLive(job)) throw new AppError('invalid-input', 'This job is still waiting or running; cancel it first.');
    await job.saving;
    await this.store.remove(jobId);
    this.jobs.delete(jobId);
  }

  /** Deletes every finished run (`which` narrows it, e.g. to one window's); returns how many were removed. */
  async clearHistory(which: (record: JobRecord) => boolean = () => true): Promise<number> {
    let removed = 0;
    for (const job of [...this.jobs.values()]) {
      if (isLive(job) || !which(job.record)) continue;
      await job.saving;
      await this.store.remove(job.jobId);
      this.jobs.delete(job.jobId);
      removed += 1;
    }
    return removed;
  }

  /** A snapshot: reading it changes nothing (settings are applied on submit, start, end and applySettings()). */
  status(): QueueStatus {
    const estimates = this.estimates();
    const running = this.running();
    const waiting = this.waiting();
    const views = (jobs: Job[], place: (i: number) => number | null): JobView[] =>
      jobs.map((j, i) => ({ record: j.record, position: place(i), estimate: estimates.get(j.jobId) ?? null }));
    return {
      waiting: waiting.length,
      running: running.length,
      concurrency: this.pq.concurrency,
      capacity: this.opts.settings().capacity,
      paused: this.pq.isPaused,
      jobs: [...views(running, () => null), ...views(waiting, (i) => i + 1)],
    };
  }

  pause(): QueueStatus {
    this.pq.pause();
    this.emitStatus();
    return this.status();
  }

  resume(): QueueStatus {
    this.pq.start();
    this.emitStatus();
    return this.status();
  }

  /** Reads the settings again and applies the concurrency: a change takes effect at once, without a restart. */
  applySettings(): QueueSettings {
    const settings = this.opts.settings();
    const concurrency = settings.concurrency > 0 ? settings.concurrency : availableParallelism();
    if (this.pq.concurrency !== concurrency) this.pq.concurrency = concurrency;
    return settings;
  }

  on<E extends QueueEventName>(event: E, listener: (payload: QueueEventPayload<E>) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Cancels everything waiting, stops everything running, and resolves when every job is done and every record saved. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const live = [...this.jobs.live()];
    for (const job of live) {
      if (job.state === 'waiting') void this.endWaiting(job, 'Cancelled because Hapyy was closing.');
      else if (job.state === 'preparing' || job.state === 'running') job.abort.abort();
    }
    await Promise.all(live.map((j) => j.finished));
    await Promise.all(this.jobs.saves().map((j) => j.saving));
    await this.retention.settled();
    // The last status, with every job ended, before shutdown resolves rather than after.
    this.statusSignal.flush();
    this.checkIdle();
  }

  /** Resolves when nothing is prepared, waits, runs or is being saved (never, while paused with jobs waiting). */
  onIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // ── one job's life ────────────────────────────────────────────────────────────────────────────────────────

  private async runJob(job: Job, resumed: boolean): Promise<void> {
    // Cancelled while p-queue was handing it a slot: nothing to run.
    if (job.state !== 'waiting') return;
    this.jobs.move(job, 'running');
    // A resumed job keeps the start its first session gave it.
    const startedAt = resumed ? (job.record.startedAt ?? this.now()) : this.now();
    job.record = { ...startRecord(job.record, this.now()), startedAt };
    const relay = new OutputRelay(this.keepLines(), this.opts.outputBatchMs ?? DEFAULT_BATCH_MS, (lines) =>
      this.events.emit('job:output', { jobId: job.jobId, lines }),
    );
    job.relay = relay;

    let result: ExecuteResult | Detached;
    const setMessage = (message: string) => {
      if (job.state !== 'running' || job.record.message === message) return;
      job.record = { ...job.record, message };
      void this.persist(job, { durable: false });
      this.emitStatus();
    };
    try {
      // Neither fsync'd nor waited for: recovery treats a record left 'queued' and one left 'running' alike (both
      // become interrupted), so losing this write in a crash is harmless, and the run does not depend on it (its folder
      // was made at submit). Saves of one job are chained, so it never lands after the end's. Submit and end stay
      // durable.
      void this.persist(job, { durable: false });
      this.events.emit('job:started', this.view(job));
      this.emitStatus();
      result = job.abort.signal.aborted
        ? { status: 'cancelled', message: 'Cancelled before it started.' }
        : await this.execute(job.record, {
            jobId: job.jobId,
            runDir: this.store.runDir(job.jobId),
            signal: job.abort.signal,
            emit: (lines) => relay.push(lines),
            setMessage,
          });
    } catch (err) {
      result = { status: 'error', message: 'The run failed inside Hapyy.', systemError: errorText(err) };
    }

    relay.close();
    if ('detached' in result) return this.leaveRunning(job, result.message);
    // The client's active count drops here, when the job has ended, before anyone hears that it has.
    this.jobs.move(job, 'ending');
    job.record = finishRecord(job.record, result, this.now());
    if (this.opts.readLog) job.relay = null;
    if (countsTowardDurations(job.record)) this.durations.add(job.record.toolId, job.record.durationMs as number);
    this.applySettings();
    // The slot is held until the end is saved and announced: a window counts a job as running from job:started to
    // job:finished, and must never see more than the concurrency at once.
    await this.persist(job);
    this.finish(job);
  }

  /**
   * A run left going on elsewhere while this queue closes: its record is saved still active (the next start takes it
   * up again), and it leaves this session without a `job:finished` — it has not finished.
   */
  private async leaveRunning(job: Job, message: string): Promise<void> {
    this.jobs.move(job, 'ending');
    job.record = { ...job.record, message };
    await this.persist(job);
    this.jobs.move(job, 'done');
    this.jobs.delete(job.jobId);
    job.resolveFinished(job.record);
    this.emitStatus();
    this.checkIdle();
  }

  /** A waiting job that will not run: out of p-queue's line, its end saved and announced. */
  private async endWaiting(job: Job, message: string): Promise<JobRecord> {
    job.dequeue.abort();
    this.jobs.move(job, 'ending');
    job.record = cancelWaitingRecord(job.record, this.now(), message);
    await this.persist(job);
    this.finish(job);
    return job.record;
  }

  private finish(job: Job): void {
    this.jobs.move(job, 'done');
    this.events.emit('job:finished', job.record);
    this.emitStatus();
    job.resolveFinished(job.record);
    if (this.opts.retention && !this.closing) this.retention.request();
    this.checkIdle();
  }

  // ── bookkeeping ───────────────────────────────────────────────────────────────────────────────────────────

  /** Saves the job's record after any earlier save of it; a failure is reported, never thrown into the queue. */
  private persist(job: Job, opts: AtomicWriteOptions = {}): Promise<void> {
    const record = job.record;
    const next = (job.saving ?? Promise.resolve())
      .then(() => this.store.save(record, opts))
      .catch((err: unknown) => {
        this.events.emit('app:notice', { level: 'error', message: `The record of run ${job.jobId} could not be saved (${errorText(err)}).` });
      })
      .finally(() => {
        if (job.saving === next) {
          job.saving = null;
          this.jobs.saveEnded(job);
        }
        this.checkIdle();
      });
    job.saving = next;
    this.jobs.saveBegan(job);
    return next;
  }

  private async retainNow(): Promise<void> {
    if (!this.opts.retention) return;
    // Only what may go: a job still live or being saved is left out here rather than asked about by id, one map
    // look-up per run of the history after every run's end.
    const records: JobRecord[] = [];
    for (const job of this.jobs.values()) if (!isLive(job) && job.saving === null) records.push(job.record);
    const removed = await this.store.applyRetention(records, this.opts.retention());
    for (const id of removed) this.jobs.delete(id);
  }

  /** Live jobs that match (every question asked of it is about live ones). */
  private countLive(pred: (job: Job) => boolean): number {
    let n = 0;
    for (const job of this.jobs.live()) if (pred(job)) n += 1;
    return n;
  }

  /** Preparing, waiting or running: what the per-client limit counts. */
  private activeCount(clientId: string): number {
    return this.countLive((j) => j.clientId === clientId && (j.state === 'preparing' || j.state === 'waiting' || j.state === 'running'));
  }

  private running(): Job[] {
    return [...this.jobs.live()].filter((j) => j.state === 'running').sort((a, b) => (a.record.startedAt ?? 0) - (b.record.startedAt ?? 0));
  }

  /** Waiting jobs in p-queue's own order. */
  private waiting(): Job[] {
    return this.line.ids().flatMap((id) => {
      const job = this.jobs.get(id);
      return job?.state === 'waiting' ? [job] : [];
    });
  }

  /** 1 = next to start; null when not waiting. */
  private positionOf(job: Job): number | null {
    if (job.state !== 'waiting') return null;
    const i = this.line.ids().indexOf(job.jobId);
    return i < 0 ? null : i + 1;
  }

  /** When the first of this client's jobs is expected to end (typical estimate), for a refused submit's retryAt. */
  private nextEndFor(clientId: string): number | null {
    const estimates = this.estimates();
    let best: number | null = null;
    for (const job of [...this.running(), ...this.waiting()]) {
      const e = job.clientId === clientId ? estimates.get(job.jobId) : undefined;
      if (e && (best === null || e.finishMs[0] < best)) best = e.finishMs[0];
    }
    return best === null ? null : this.now() + best;
  }

  /**
   * `waitingUpTo`: simulate only the first that many waiting jobs. A job's estimate depends only on the runs and the
   * jobs ahead of it, so one job's view needs no more (a running job's, none at all).
   */
  private estimates(waitingUpTo = Infinity): Map<string, Estimate | null> {
    const waiting = waitingUpTo > 0 ? this.waiting() : [];
    return estimateQueue({
      now: this.now(),
      concurrency: this.pq.concurrency,
      running: this.running().map((j) => ({ jobId: j.jobId, toolId: j.record.toolId, startedAt: j.record.startedAt ?? this.now() })),
      waiting: waiting.slice(0, waitingUpTo).map((j) => ({ jobId: j.jobId, toolId: j.record.toolId })),
      durations: (toolId) => this.durations.for(toolId),
      samples: (toolId) => this.durations.samples(toolId),
      paused: this.pq.isPaused,
    });
  }

  private view(job: Job): JobView {
    const position = this.positionOf(job);
    const active = job.state === 'running' || position !== null;
    return { record: job.record, position, estimate: active ? (this.estimates(position ?? 0).get(job.jobId) ?? null) : null };
  }

  /** Announces the queue's status soon (statusSignal): listeners get the state as it then stands, never an older one. */
  private emitStatus(): void {
    this.statusSignal.request();
  }

  private keepLines(): number {
    return this.opts.keepLines?.() ?? DEFAULT_KEEP_LINES;
  }

  /** A job clients can name: one still being prepared has no id they know yet. */
  private require(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job || job.state === 'preparing') throw new AppError('not-found', 'That job no longer exists.');
    return job;
  }

  private idle(): boolean {
    return this.jobs.quiet && !this.retention.busy;
  }

  private checkIdle(): void {
    if (!this.idle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** The preparer's outcome, or a cancellation as soon as the signal fires: a preparer that ignores its signal cannot hold up a shutdown. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(new AppError('cancelled', CLOSING));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppError('cancelled', CLOSING));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
