import { AppError } from '../../shared/errors';
import { EXIT, FOR_ERROR, type ExitCode } from './exit-codes';

/** Anything that is not an AppError is an intake failure the engine did not classify (an I/O error): rejected. */
export const exitCodeForError = (error: unknown): ExitCode => (error instanceof AppError ? FOR_ERROR[error.code] : EXIT.rejected);
