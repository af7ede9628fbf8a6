import type { JobRecord } from '../../shared/jobs';
import type { JobQueue } from '../queue';
import type { Reporter } from './report';

export interface TrackedJob {
  jobId: string;
  name: string;
  record: JobRecord;
  finished: boolean;
}

/**
 * This invocation's jobs, followed through the queue's events (filtered by client id). A job is taken in at its
 * `job:queued` event, which the queue emits inside submit(), so no `started` or `output` event can come first.
 * Once the signal is aborted every job is cancelled, including one that reaches the queue afterwards.
 */
export class JobTracker {
  private readonly jobs = new Map<string, TrackedJob>();
  private readonly offs: (() => void)[];
  private readonly endWaiters = new Set<() => void>();
  private pendingName: string | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly clientId: string,
    private readonly signal: AbortSignal,
    private readonly report: Reporter,
  ) {
    this.offs = [
      queue.on('job:queued', (view) => {
        if (view.record.clientId !== clientId) return;
        const name = this.pendingName ?? view.record.project.name;
        this.jobs.set(view.record.jobId, { jobId: view.record.jobId, name, record: view.record, finished: false });
        report.queued(name, view);
        if (signal.aborted) this.cancel(view.record.jobId);
      }),
      queue.on('job:started', (view) => {
        const job = this.jobs.get(view.record.jobId);
        if (!job) return;
        job.record = view.record;
        report.started(job.name, view);
      }),
      queue.on('job:output', (batch) => {
        const job = this.jobs.get(batch.jobId);
        if (job) report.output(job.name, batch);
      }),
      queue.on('job:finished', (record) => {
        const job = this.jobs.get(record.jobId);
        if (!job) return;
        job.record = record;
        job.finished = true;
        report.finished(job.name, record);
        this.wake();
      }),
    ];
    const onAbort = () => {
      for (const job of this.jobs.values()) if (!job.finished) this.cancel(job.jobId);
      this.wake();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.offs.push(() => signal.removeEventListener('abort', onAbort));
  }

  /** Runs a submit with `name` as the display name of the job it queues. */
  async submitting<T>(name: string, submit: () => Promise<T>): Promise<T> {
    this.pendingName = name;
    try {
      return await submit();
    } finally {
      this.pendingName = null;
    }
  }

  /** Resolves at the next end of one of this client's jobs (a slot frees), or at once when aborted. */
  nextEnd(): Promise<void> {
    if (this.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.endWaiters.add(resolve));
  }

  /** Resolves when every job taken in so far has finished. */
  async settled(): Promise<void> {
    while ([...this.jobs.values()].some((j) => !j.finished)) await new Promise<void>((resolve) => this.endWaiters.add(resolve));
  }

  /** In submit order. */
  list(): TrackedJob[] {
    return [...this.jobs.values()];
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    this.wake();
  }

  private cancel(jobId: string): void {
    // A job that has just ended cannot be cancelled; its job:finished event still arrives.
    this.queue.cancel(jobId).catch(() => undefined);
  }

  private wake(): void {
    const waiters = [...this.endWaiters];
    this.endWaiters.clear();
    for (const w of waiters) w();
  }
}
