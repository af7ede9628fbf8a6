import { AppError } from '../../shared/errors';

/** Why the disk refused a write, in the user's words; null for other errors. */
const WHY: Record<string, string> = {
  ENOSPC: 'the disk that holds Hapyy’s data is full',
  EDQUOT: 'your disk quota is used up',
  EROFS: 'the disk that holds Hapyy’s data is read-only',
};

/**
 * A failed write to the data folder as an AppError that says why (a full disk is something the user can fix),
 * instead of the generic internal error; anything else is returned as it is.
 */
export function storageError(err: unknown, what: string): unknown {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
  const why = typeof code === 'string' ? WHY[code] : undefined;
  if (!why) return err;
  return new AppError('internal', `${what}: ${why} (${String(code)}). Free some space and try again.`, { errno: code });
}
