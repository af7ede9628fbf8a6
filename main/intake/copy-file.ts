import { closeSync, constants, fchmodSync, futimesSync, openSync, read, readFileSync, readSync, writeSync, type Stats } from 'node:fs';
import { chmod, copyFile, open, stat as statPath, utimes } from 'node:fs/promises';
import type { FsPath } from './paths';
import type { SourceFile } from './source-file';

/** Files up to this size are copied synchronously (a slice of the event loop: well under a millisecond each). */
export const SYNC_COPY_MAX_BYTES = 1024 * 1024;

// EXCL: never overwrite, so a name that is already there (or a link planted in the destination) fails loudly.
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
// FICLONE: a copy-on-write clone where the file system can (btrfs, XFS), an ordinary copy elsewhere.
const COPY_FLAGS = constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL;

/**
 * The source shrank between its fstat and the end of the copy. (A file that grows meanwhile is copied up to the size
 * the limits were checked against: the copy is then what the file was when it was checked.)
 */
export class SizeChanged extends Error {}

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
 * permission bits (fchmod where `umask`, from readUmask, would take some away) and times. Synchronous: for files up to
 * SYNC_COPY_MAX_BYTES, with `buf` at least that large. Reads the descriptor only, never a path, so a swap after the
 * source was checked cannot change what is copied.
 */
export function copyOpenFileSync(source: SourceFile, target: FsPath, buf: Buffer, umask: number | null): void {
  const { fd, stat } = source;
  const out = openSync(target, WRITE_FLAGS, bitsOf(source));
  try {
    if (umask === null || (bitsOf(source) & umask) !== 0) fchmodSync(out, bitsOf(source));
    let pos = 0;
    while (pos < stat.size) {
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

const CHUNK = 1024 * 1024;

/**
 * The same for a large file, through the libuv pool so the event loop keeps turning. With /proc/self/fd/N (Linux)
 * copyFile reads that very file (and can clone or copy inside the kernel); elsewhere a read/write loop on the
 * descriptor. Either way the size must come out as the fstat said.
 */
export async function copyOpenFile(source: SourceFile, target: FsPath): Promise<void> {
  const { fd, stat, procPath } = source;
  if (procPath !== null) {
    await copyFile(procPath, target, COPY_FLAGS);
    // copyFile gives the copy the source's mode with fchmod; chmod only to drop setuid/setgid/sticky.
    if ((stat.mode & 0o7000) !== 0) await chmod(target, bitsOf(source));
    const t = timesOf(stat);
    await utimes(target, t.atime, t.mtime);
    if ((await statPath(target)).size !== stat.size) throw new SizeChanged();
    return;
  }
  const out = await open(target, WRITE_FLAGS, bitsOf(source));
  try {
    await out.chmod(bitsOf(source));
    const buf = Buffer.allocUnsafe(CHUNK);
    let pos = 0;
    while (pos < stat.size) {
      const n = await readAt(fd, buf, Math.min(CHUNK, stat.size - pos), pos);
      if (n === 0) throw new SizeChanged();
      for (let w = 0; w < n; ) w += (await out.write(buf, w, n - w, pos + w)).bytesWritten;
      pos += n;
    }
    const t = timesOf(stat);
    await out.utimes(t.atime, t.mtime);
  } finally {
    await out.close();
  }
}

/** fs.read on a plain descriptor (the source stays a number: it is opened and closed by the sync code). */
function readAt(fd: number, buf: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, 0, length, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}
