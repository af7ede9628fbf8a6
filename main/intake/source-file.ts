import { accessSync, closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isMissing, isNoFollowRefusal } from '../store/fs-errors';
import { isInside, type FsPath } from './paths';

// O_NOFOLLOW: a final symlink fails (ELOOP) instead of being followed. O_NONBLOCK: opening a FIFO returns at once
// instead of waiting for a writer. Both are 0 where the platform has no such flag (Windows).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * How an opened file is checked to be inside the project (and then copied):
 *  - 'proc' (Linux): /proc/self/fd/N names the open file exactly, whatever happens to its path afterwards; its real
 *    path must be inside the root, and the copy reads from the descriptor itself.
 *  - 'portable' (macOS, Windows, or forced in tests): the path's real path must be inside the root and name the same
 *    file (device and inode) as the open descriptor.
 * Either way the copy then reads only from the descriptor, so a swap after the check changes nothing. (An fstat of the
 * descriptor equal to an lstat of the path would not do instead of the readlink: both resolve the folders on the way
 * the same, so a folder swapped for a link to the outside passes both.)
 */
export type HandleCheck = 'proc' | 'portable';

let platformCheck: HandleCheck | undefined;
export function defaultHandleCheck(): HandleCheck {
  if (platformCheck === undefined) {
    try {
      accessSync('/proc/self/fd', constants.R_OK);
      platformCheck = 'proc';
    } catch {
      platformCheck = 'portable';
    }
  }
  return platformCheck;
}

export interface SourceFile {
  fd: number;
  /** fstat of the open descriptor: the size, mode and times the copy is made from. */
  stat: Stats;
}

export type SourceProblem = 'outside' | 'not-regular';

/**
 * Opens a file of the project read-only, synchronously (in a copy thread: copy-pool.ts), never blocking on a FIFO and
 * never following a link out of `realRoot`. A final symlink is resolved and accepted only when its real target is
 * inside the root; then the opened file itself is checked (`check`), which also catches a folder on the way that was
 * swapped for a link since the scan. Throws the fs error when the file is gone or cannot be read; on success the
 * caller owns `fd`.
 */
export function openSourceFile(abs: FsPath, realRoot: Buffer, check: HandleCheck): SourceFile | SourceProblem {
  let target: FsPath = abs;
  let fd: number;
  try {
    fd = openSync(abs, READ_FLAGS);
  } catch (err) {
    if (!isNoFollowRefusal(err)) throw err;
    target = realpathSync(abs, { encoding: 'buffer' });
    if (!isInside(realRoot, target)) return 'outside';
    fd = openSync(target, READ_FLAGS);
  }
  try {
    const stat = fstatSync(fd);
    let problem: SourceProblem | null;
    if (!stat.isFile()) {
      problem = 'not-regular';
    } else if (check === 'proc') {
      problem = isInside(realRoot, readlinkSync(`/proc/self/fd/${fd}`, { encoding: 'buffer' })) ? null : 'outside';
    } else {
      problem = checkByPath(target, stat, realRoot);
    }
    if (problem === null) return { fd, stat };
    closeSync(fd);
    return problem;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** The path, resolved now, leads inside the root to the very file that is open. */
function checkByPath(opened: FsPath, stat: Stats, realRoot: Buffer): null | SourceProblem {
  let real: Buffer;
  let now: Stats;
  try {
    real = realpathSync(opened, { encoding: 'buffer' });
    now = statSync(real);
  } catch (err) {
    if (isMissing(err)) return 'outside'; // swapped away since it was opened: what is open is no longer that path
    throw err;
  }
  if (!isInside(realRoot, real)) return 'outside';
  return now.dev === stat.dev && now.ino === stat.ino ? null : 'outside';
}

/**
 * Reads a small regular file (e.g. .gitignore) without following a final link or blocking on a FIFO; null if
 * unsuitable. Synchronous: the scan reads one per folder it enters, and makes its calls synchronously (time-slice.ts).
 */
export function readSmallRegularFileSync(abs: FsPath, maxBytes: number): string | null {
  let fd: number;
  try {
    fd = openSync(abs, READ_FLAGS);
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return null;
    const buf = Buffer.allocUnsafe(stat.size);
    let got = 0;
    while (got < stat.size) {
      const n = readSync(fd, buf, got, stat.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got).toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
