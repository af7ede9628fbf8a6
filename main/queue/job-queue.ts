import type { JobDetail } from '../../shared/contract';
import type { JobRecord, JobView, QueueStatus } from '../../shared/jobs';
import type { QueueSettings } from '../../shared/settings';
import type { QueueEventName, QueueEventPayload } from './events';
import type { JobSpec } from './types';

/**
 * What the use cases (and so the window and the CLI) need of a queue, whichever runs the jobs: the embedded queue
 * (QueueService: p-queue in this process, the default, offline) or a shared pool of workers. Every job's record,
 * log and results end up in the local run folder either way, so history, results, compare and export do not care.
 */
export interface JobQueue {
  /** Loads history; marks jobs that were live when the app died as interrupted (or reattaches to them). */
  start(): Promise<{ notices: { level: 'info' | 'warning' | 'error'; message: string }[] }>;
  submit(spec: JobSpec): Promise<JobView>;
  /** A waiting job ends at once; a running one resolves when its whole process tree is gone. */
  cancel(jobId: string): Promise<JobRecord>;
  get(jobId: string): Promise<JobDetail>;
  find(jobId: string): JobRecord | undefined;
  /** Waiting, running and finished jobs, newest first. */
  list(): JobRecord[];
  rerun(jobId: string, clientId: string): Promise<JobView>;
  delete(jobId: string): Promise<void>;
  clearHistory(which?: (record: JobRecord) => boolean): Promise<number>;
  /** A snapshot; reading it changes nothing. */
  status(): QueueStatus;
  pause(): QueueStatus;
  resume(): QueueStatus;
  /** The settings changed: apply what applies without a restart (concurrency). */
  applySettings(): QueueSettings;
  on<E extends QueueEventName>(event: E, listener: (payload: QueueEventPayload<E>) => void): () => void;
  /**
   * Cancels what waits, stops what runs, resolves when every job is done and every record saved. The pool leaves the
   * jobs it has handed to its workers running there instead (their records stay active; the next start takes them up).
   */
  shutdown(): Promise<void>;
  onIdle(): Promise<void>;
}
