import { AppError } from '../../shared/errors';

export function cancelledError(): AppError {
  return new AppError('cancelled');
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/** Node's own abort errors (pipeline, fs with a signal) become the app's 'cancelled'. */
export function asCancelled(err: unknown, signal: AbortSignal | undefined): unknown {
  if (err instanceof AppError) return err;
  const name = err instanceof Error ? err.name : '';
  if (signal?.aborted || name === 'AbortError') return cancelledError();
  return err;
}
