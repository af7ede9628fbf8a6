import type { ErrorCode } from '../../shared/errors';
import type { JobStatus } from '../../shared/jobs';

// Kept free of zod (type imports only from shared/): `hapyy --version` and `--help` load only this, args.ts and
// index.ts. exitCodeForError, which needs AppError at run time, is in error-exit.ts, over FOR_ERROR below.

/** The CLI's exit codes; with several runs the highest-ranked applicable one wins. */
export const EXIT = {
  ok: 0,
  problems: 1,
  usage: 2,
  rejected: 3,
  unavailable: 4,
  limit: 5,
  /** The tool itself broke (crash, usage error, an exit that is not about findings). */
  toolFailed: 6,
  /** Stopped by SIGHUP, or the parent process ended. */
  hangup: 129,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** 143 > 129 > 130 > 2 > 4 > 6 > 3 > 5 > 1 > 0 */
const RANK: readonly ExitCode[] = [
  EXIT.terminated,
  EXIT.hangup,
  EXIT.interrupted,
  EXIT.usage,
  EXIT.unavailable,
  EXIT.toolFailed,
  EXIT.rejected,
  EXIT.limit,
  EXIT.problems,
  EXIT.ok,
];

export function worst(codes: Iterable<ExitCode>): ExitCode {
  let best: ExitCode = EXIT.ok;
  for (const code of codes) if (RANK.indexOf(code) < RANK.indexOf(best)) best = code;
  return best;
}

/** How a finished run reads as an exit code. A record cannot be in an active state here; those read as interrupted. */
const FOR_STATUS: Record<JobStatus, ExitCode> = {
  completed: EXIT.ok,
  problems: EXIT.problems,
  failed: EXIT.toolFailed,
  timeout: EXIT.limit,
  'output-limit': EXIT.limit,
  'memory-limit': EXIT.limit,
  'process-limit': EXIT.limit,
  'write-limit': EXIT.limit,
  cancelled: EXIT.interrupted,
  interrupted: EXIT.interrupted,
  queued: EXIT.interrupted,
  running: EXIT.interrupted,
  // The engine could not be resolved or started (vanished, not executable) when the job's turn came.
  error: EXIT.unavailable,
};

/**
 * Every error kind the engine raises, once: a project that never became a job, or a command that could not start.
 * Intake refusals (missing, empty, over a limit, unreadable) are 3; the queue's own limits are 5; cancellation 130.
 */
export const FOR_ERROR: Record<ErrorCode, ExitCode> = {
  'invalid-input': EXIT.usage,
  'not-found': EXIT.rejected,
  forbidden: EXIT.rejected,
  rejected: EXIT.rejected,
  limit: EXIT.limit,
  'queue-full': EXIT.limit,
  unavailable: EXIT.unavailable,
  cancelled: EXIT.interrupted,
  internal: EXIT.rejected,
};

export const exitCodeForStatus = (status: JobStatus): ExitCode => FOR_STATUS[status];
