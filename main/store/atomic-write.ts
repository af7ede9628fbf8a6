import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PRIVATE_FILE_MODE } from './private-modes';

/** The file operations an atomic write needs; injectable so a failure at each step can be tested. */
export interface AtomicFs {
  open(path: string, flags: string, mode?: number): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

const nodeFs: AtomicFs = {
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
};

/** Name of the temporary sibling; starts with a dot and ends in .tmp so listings can skip it. */
export const isAtomicTemp = (name: string): boolean => name.startsWith('.') && name.endsWith('.tmp');

export interface AtomicWriteOptions {
  /**
   * false: skip both fsyncs. Readers still see the old content or the new, never a part (the rename is atomic), but
   * after a power loss the file may hold the old content (or, on a file system that does not order a rename after
   * the data it names, be unreadable). For writes whose loss is harmless; default true.
   */
  durable?: boolean;
}

/**
 * Writes a file so that readers see either the old content or the new, never a part:
 * a temporary file in the same folder (same file system, so rename is atomic), fsync, rename, fsync of the folder.
 * Hand-written rather than a dependency: it is twenty lines and we need the fsync and the injectable fs.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  fs: Partial<AtomicFs> = {},
  { durable = true }: AtomicWriteOptions = {},
): Promise<void> {
  const ops: AtomicFs = { ...nodeFs, ...fs };
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    // Private: the data folder's files are this user's alone (private-modes.ts).
    handle = await ops.open(tmp, 'wx', PRIVATE_FILE_MODE);
    await handle.writeFile(data);
    if (durable) await handle.sync();
    await handle.close();
    handle = undefined;
    await ops.rename(tmp, path);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await ops.unlink(tmp).catch(() => undefined);
    throw err;
  }
  if (durable) await syncDir(dir, ops);
}

/** Makes the rename itself durable; not possible on Windows (EISDIR/EPERM), where it is skipped. */
async function syncDir(dir: string, ops: AtomicFs): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await ops.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
