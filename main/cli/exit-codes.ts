import { AppError } from '../../shared/errors';
import type { JobStatus } from '../../shared/jobs';

/** The CLI's exit codes; with several runs the highest-ranked applicable one wins. */
export const EXIT = {
  ok: 0,
  problems: 1,
  usage: 2,
  rejected: 3,
  unavailable: 4,
  limit: 5,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** 130 > 2 > 4 > 3 > 5 > 1 > 0 */
const RANK: readonly ExitCode[] = [EXIT.interrupted, EXIT.usage, EXIT.unavailable, EXIT.rejected, EXIT.limit, EXIT.problems, EXIT.ok];

export function worst(codes: Iterable<ExitCode>): ExitCode {
  let best: ExitCode = EXIT.ok;
  for (const code of codes) if (RANK.indexOf(code) < RANK.indexOf(best)) best = code;
  return best;
}

export function exitCodeForStatus(status: JobStatus): ExitCode {
  switch (status) {
    case 'completed':
      return EXIT.ok;
    case 'failed':
      return EXIT.problems;
    case 'timeout':
    case 'output-limit':
    case 'memory-limit':
    case 'write-limit':
      return EXIT.limit;
    case 'cancelled':
    case 'interrupted':
      return EXIT.interrupted;
    // The engine could not be resolved or started (vanished, not executable) when the job's turn came.
    case 'error':
      return EXIT.unavailable;
    default:
      return EXIT.problems;
  }
}

/**
 * A project that never became a job. Intake refusals (missing, empty, over a limit, unreadable) are 3; the queue's
 * own limits (per-client hourly, capacity) are 5; cancellation is 130.
 */
export function exitCodeForError(error: unknown): ExitCode {
  if (!(error instanceof AppError)) return EXIT.rejected;
  switch (error.code) {
    case 'cancelled':
      return EXIT.interrupted;
    case 'limit':
    case 'queue-full':
      return EXIT.limit;
    case 'unavailable':
      return EXIT.unavailable;
    case 'invalid-input':
      return EXIT.usage;
    default:
      return EXIT.rejected;
  }
}
