import type { JobStatus } from '../../shared/jobs';

// Kept free of zod (no runtime import from shared/): `hapyy --version` and `--help` load only this, args.ts and
// index.ts. exitCodeForError, which needs AppError, is in error-exit.ts.

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
