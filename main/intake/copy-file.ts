import { closeSync, constants, fchmodSync, futimesSync, openSync, readFileSync, readSync, writeSync, type Stats } from 'node:fs';
import type { FsPath } from './paths';
import type { SourceFile } from './source-file';

/**
 * The copy buffer: a file up to this size is copied with one read and one write; a larger one in pieces of this
 * size, with a look at `shouldStop` between them so a cancel does not wait for a large file to finish.
 */
export const COPY_BUFFER_BYTES = 1024 * 1024;

// EXCL: never overwrite, so a name that is already there (or a link planted in the destination) fails loudly.
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * The source shrank between its fstat and the end of the copy. (A file that grows meanwhile is copied up to the size
 * the limits were checked against: the copy is then what the file was when it was checked.)
 */
export class SizeChanged extends Error {}

/** The copy was told to stop (cancel, or another file failed) part-way through a file. */
export class CopyStopped extends Error {}

/** The source's times in seconds, as numbers: a Date per file costs time and drops the sub-millisecond part. */
export const timesOf = (stat: Stats): { atime: number; mtime: number } => ({ atime: stat.atimeMs / 1000, mtime: stat.mtimeMs / 1000 });

/** Permission bits the copy gets: the source's, without setuid/setgid/sticky. */
const bitsOf = (source: SourceFile): number => source.stat.mode & 0o777;

/**
 * The process's umask where Linux shows it (/proc/self/status), read once per copy; null where unknown. A new file
 * gets the source's bits minus the umask, so fchmod is needed only when the umask takes some away: files of 0644 or
 * 0755 under the usual 022 need none, which saves a metadata update per file (measurable on a journalling disk).
 */
export function readUmask(): number | null {
  try {
    const m = /^Umask:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] !== undefined ? Number.parseInt(m[1], 8) : null;
  } catch {
    return null;
  }
}

/**
 * Copies `stat.size` bytes from the open source descriptor into a new file at `target`, with the source's
 * permission bits (fchmod where `umask`, from readUmask, would take some away) and times. Synchronous: it runs in a
 * copy thread (copy-thread.ts), never on the main thread. Reads the descriptor only, never a path, so a swap after
 * the source was checked cannot change what is copied. `buf` of any size (COPY_BUFFER_BYTES in the copy threads);
 * `shouldStop` is asked between pieces of a file larger than `buf`.
 *
 * Every size goes through this one read/write loop, large files included: the kernel copy (copyFile on
 * /proc/self/fd/N) would save a pass through `buf` for them, but it cannot be stopped part-way, and it opens the
 * destination without O_NOFOLLOW.
 */
export function copyOpenFileSync(source: SourceFile, target: FsPath, buf: Buffer, umask: number | null, shouldStop: () => boolean = () => false): void {
  const { fd, stat } = source;
  const out = openSync(target, WRITE_FLAGS, bitsOf(source));
  try {
    if (umask === null || (bitsOf(source) & umask) !== 0) fchmodSync(out, bitsOf(source));
    let pos = 0;
    while (pos < stat.size) {
      if (pos > 0 && shouldStop()) throw new CopyStopped();
      const n = readSync(fd, buf, 0, Math.min(buf.length, stat.size - pos), pos);
      if (n === 0) throw new SizeChanged();
      for (let w = 0; w < n; ) w += writeSync(out, buf, w, n - w);
      pos += n;
    }
    const t = timesOf(stat);
    futimesSync(out, t.atime, t.mtime);
  } finally {
    closeSync(out);
  }
}
