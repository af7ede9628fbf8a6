import { constants, type Stats } from 'node:fs';
import { open, readlink, realpath, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { isMissing, isNoFollowRefusal } from '../store/fs-errors';
import { isInside } from './safe-path';

// O_NOFOLLOW: a link swapped in after the lstat makes open fail instead of reading through it.
// O_NONBLOCK: a FIFO swapped in cannot block the open. Both are 0 (absent) on Windows.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface OpenedFile {
  handle: FileHandle;
  stat: Stats;
}

/**
 * Opens a regular file for reading, refusing links, and checks after the fact that the file actually opened lies
 * inside the run folder (Linux: /proc/self/fd names the opened file itself, so this holds even if a folder on the
 * way was swapped for a link between our lstat and the open). `expected`, when given, must be the same file.
 */
export async function openInRun(abs: string | Buffer, root: string, expected?: Stats): Promise<OpenedFile> {
  let handle: FileHandle;
  try {
    handle = await open(abs, OPEN_FLAGS);
  } catch (err) {
    if (isNoFollowRefusal(err)) throw new AppError('forbidden', 'That file is a link; links are never read through.');
    if (isMissing(err)) throw new AppError('not-found', 'That file no longer exists.');
    throw err;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AppError('invalid-input', 'That is not a regular file.');
    if (expected && (stat.ino !== expected.ino || stat.dev !== expected.dev)) {
      throw new AppError('not-found', 'That file was replaced while it was being opened.');
    }
    const where = await openedPath(handle.fd, abs);
    if (where !== null && !isInside(root, where)) {
      throw new AppError('forbidden', 'That file lies outside the run folder.');
    }
    return { handle, stat };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Where the open file really is, or null if this platform cannot say. */
async function openedPath(fd: number, abs: string | Buffer): Promise<string | null> {
  if (process.platform === 'linux') {
    try {
      return (await readlink(`/proc/self/fd/${fd}`)).replace(/ \(deleted\)$/, '');
    } catch {
      // no /proc (unusual container): fall back to the path we opened
    }
  }
  try {
    return await realpath(abs);
  } catch {
    return null;
  }
}
