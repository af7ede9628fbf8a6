import { AppError } from '../../shared/errors';

/** Letters, digits, '-' and '_'; no dots, so no '..' and no hidden names; at most 128 (the contract's Id bound). */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/** Names Windows reserves for devices: a folder with such a name cannot be made there. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

export const isValidJobId = (id: string): boolean => SAFE_ID.test(id) && !WINDOWS_RESERVED.test(id);

export function assertJobId(id: string): string {
  if (typeof id !== 'string' || !isValidJobId(id)) throw new AppError('invalid-input', 'That job id is not valid.');
  return id;
}
