import { AppError } from '../../shared/errors';
import { EXIT, type ExitCode } from './exit-codes';

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
