import type { JobRecord, OutputLine, Priority, ProjectRef, RunEndStatus } from '../../shared/jobs';
import type { QueueSettings } from '../../shared/settings';
import type { RunStore } from '../store';
import type { OutcomeKey } from './job-record';

export interface JobSpec {
  clientId: string;
  toolId: string;
  toolName: string;
  project: ProjectRef;
  /** 'interactive' (started by hand) goes before 'batch'. */
  priority: Priority;
  timeoutSec: number;
  rerunOf?: string | null;
  /** Set for the runs of a watch (main/watch). */
  watchId?: string;
}

export interface ExecuteContext {
  jobId: string;
  runDir: string;
  signal: AbortSignal;
  /** Lines as the runner produces them, already sequenced (seq 1, 2, 3… per job). */
  emit(lines: OutputLine[]): void;
  /** Tells the user where the run is while it goes on (a pool job waiting for a worker, and why): the record's message. */
  setMessage(message: string): void;
}

/**
 * What an executor may report: the outcome fields, never identity or times (the queue owns those, and would drop them
 * — so the type refuses them rather than let them vanish silently).
 */
export type ExecuteResult = Partial<Pick<JobRecord, OutcomeKey | 'durationMs'>> & { status: RunEndStatus };

/**
 * The run goes on without this process (a pool job left to its workers when Hapyy closes): the record is saved as it
 * is, still active, with this message, and the next start takes the job up again (QueueOptions.resumable).
 */
export interface Detached {
  detached: true;
  message: string;
}

/**
 * Resolves only when the tool's whole process tree has exited (or, for a remote run, has been left to its workers:
 * Detached); a rejection becomes status 'error'.
 */
export type Executor = (record: JobRecord, ctx: ExecuteContext) => Promise<ExecuteResult | Detached>;

/** Work done in submit() before the job enters the queue (intake's copy into runDir/input). */
export type Preparer = (record: JobRecord, runDir: string, signal: AbortSignal) => Promise<void>;

export interface QueueOptions {
  store: RunStore;
  execute: Executor;
  prepare?: Preparer;
  /** Re-read on every submit, start and end, so a change applies without a restart. */
  settings: () => QueueSettings;
  retention?: () => { days: number; runs: number };
  now?: () => number;
  idFactory?: () => string;
  outputBatchMs?: number;
  /** A fixed least time between two queue:status announcements (by default it follows what each one cost). */
  statusGapMs?: number;
  keepLines?: () => number;
  /** Ends processes of runs that were alive when the app died (from the runner). */
  killLeftovers?: (jobIds: string[]) => Promise<number>;
  /**
   * An active record found at start-up whose run goes on elsewhere (a pool job): it is taken up again — run through
   * the executor, which finds its run and follows it — instead of being marked interrupted.
   */
  resumable?: (record: JobRecord) => Promise<boolean>;
  /** The last lines of a finished run's log (from the runner). */
  readLog?: (runDir: string, maxLines: number) => Promise<OutputLine[]>;
}
