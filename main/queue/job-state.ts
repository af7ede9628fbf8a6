import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/jobs';
import type { OutputRelay } from './output-relay';

/**
 * Where a job is in its life, as the queue sees it:
 *
 *   preparing ──▶ waiting ──▶ running ──▶ ending ──▶ done
 *       │            │                                ▲
 *       └────────────┴──(refused, cancelled)──────────┘
 *
 * `preparing`: intake is copying the project into the run folder; `waiting`: in p-queue's line; `running`: holding a
 * slot until its process tree is gone; `ending`: the end is being saved and announced; `done`: history.
 */
export type JobState = 'preparing' | 'waiting' | 'running' | 'ending' | 'done';

const NEXT: Record<JobState, readonly JobState[]> = {
  preparing: ['waiting', 'done'],
  waiting: ['running', 'ending'],
  running: ['ending'],
  ending: ['done'],
  done: [],
};

/** One job the queue knows: its record (what is saved and sent), its state, and what it holds while active. */
export interface Job {
  readonly jobId: string;
  readonly clientId: string;
  state: JobState;
  record: JobRecord;
  /** Aborted to stop the job's preparation or its run. */
  readonly abort: AbortController;
  /** Aborting it takes a waiting job out of p-queue's line (p-queue's queued-abort support). */
  readonly dequeue: AbortController;
  relay: OutputRelay | null;
  /** Resolves with the final record once the job is done (saved and announced). */
  readonly finished: Promise<JobRecord>;
  resolveFinished(record: JobRecord): void;
  /** The last save of this job's record still in flight: saves are serialized so an older one never lands last. */
  saving: Promise<void> | null;
}

export function newJob(record: JobRecord, state: JobState): Job {
  let resolveFinished!: (r: JobRecord) => void;
  const finished = new Promise<JobRecord>((r) => (resolveFinished = r));
  return {
    jobId: record.jobId,
    clientId: record.clientId,
    state,
    record,
    abort: new AbortController(),
    dequeue: new AbortController(),
    relay: null,
    finished,
    resolveFinished,
    saving: null,
  };
}

/** Moves a job on; a move the diagram does not allow is a bug in the queue, never silently accepted. */
export function moveJob(job: Job, to: JobState): void {
  if (!NEXT[job.state].includes(to)) throw new AppError('internal', `Job ${job.jobId} cannot go from ${job.state} to ${to}.`);
  job.state = to;
}

/** Active: the queue holds resources for it or has yet to finish it. */
export const isLive = (job: Job): boolean => job.state !== 'done';
