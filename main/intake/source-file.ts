import { constants, type Stats } from 'node:fs';
import { access, open, readlink, realpath, type FileHandle } from 'node:fs/promises';
import { errnoCode } from '../store/fs-errors';
import { isInside, type FsPath } from './paths';

// O_NOFOLLOW: a final symlink fails (ELOOP) instead of being followed. O_NONBLOCK: opening a FIFO returns at once
// instead of waiting for a writer. Both are 0 where the platform has no such flag (Windows).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

let procFd: Promise<boolean> | undefined;
/** Linux: /proc/self/fd/N names an open file exactly, whatever happens to its path afterwards. */
function hasProcFd(): Promise<boolean> {
  procFd ??= access('/proc/self/fd', constants.R_OK).then(
    () => true,
    () => false,
  );
  return procFd;
}

export interface SourceFile {
  handle: FileHandle;
  stat: Stats;
  /** The path to copy from: /proc/self/fd/N on Linux (race-free), else the verified path. */
  copyFrom: FsPath;
}

export type SourceProblem = 'outside' | 'not-regular';

/**
 * Opens a file of the project read-only, never blocking on a FIFO and never following a link out of `realRoot`.
 * A final symlink is resolved and accepted only when its real target is inside the root; on Linux the opened file's
 * real path is checked too, which also catches a folder on the way that was swapped for a link since the scan.
 */
export async function openSourceFile(abs: FsPath, realRoot: Buffer): Promise<SourceFile | SourceProblem> {
  let target: FsPath = abs;
  let handle: FileHandle;
  try {
    handle = await open(abs, READ_FLAGS);
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'ELOOP' && code !== 'EMLINK') throw err;
    target = await realpath(abs, { encoding: 'buffer' });
    if (!isInside(realRoot, target)) return 'outside';
    handle = await open(target, READ_FLAGS);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      return 'not-regular';
    }
    if (await hasProcFd()) {
      const fdPath = `/proc/self/fd/${handle.fd}`;
      const where = await readlink(fdPath, { encoding: 'buffer' });
      if (!isInside(realRoot, where)) {
        await handle.close();
        return 'outside';
      }
      return { handle, stat, copyFrom: fdPath };
    }
    return { handle, stat, copyFrom: target };
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
}

/** Reads a small regular file (e.g. .gitignore) without following a final link or blocking on a FIFO; null if unsuitable. */
export async function readSmallRegularFile(abs: FsPath, maxBytes: number): Promise<string | null> {
  let handle: FileHandle;
  try {
    handle = await open(abs, READ_FLAGS);
  } catch {
    return null;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > maxBytes) return null;
    const buf = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buf, 0, stat.size, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } catch {
    return null;
  } finally {
    await handle.close().catch(() => {});
  }
}
