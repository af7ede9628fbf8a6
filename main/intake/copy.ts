import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { asCancelled, throwIfCancelled } from './cancel';
import { readUmask } from './copy-file';
import { copyInThreads, ThreadCopyFailure, type CopyThreadPool } from './copy-pool';
import type { CopyFailure } from './copy-protocol';
import { placeEngineContext } from './engine-context';
import { fileTooLarge, shortPath, tooManyBytes } from './limit-errors';
import { entryPath, parentOf, type FsPath } from './paths';
import { defaultHandleCheck, type HandleCheck } from './source-file';
import type { Manifest, ManifestEntry, OpenedProject } from './types';

function changedSinceOpened(rel: string, what: string): AppError {
  return new AppError('rejected', `'${shortPath(rel)}' ${what}. Open the project again.`, {
    path: rel,
  });
}

export const keyOf = (p: FsPath): string => (typeof p === 'string' ? `s:${p}` : `b:${p.toString('base64')}`);

/**
 * The mtimeMs an lstat reads back after `futimes(fd, _, seconds)` (copy-file.ts passes the source's mtimeMs / 1000, a
 * number, so no Date is made per file and the sub-millisecond part is kept): libuv splits the seconds into seconds
 * and nanoseconds truncated to whole microseconds, and Node's stat adds them up again as milliseconds. The
 * arithmetic is repeated here so the manifest needs no lstat per file; the copy tests compare the manifest with a
 * fresh scan, so a change in that arithmetic fails them instead of passing unnoticed.
 */
export function mtimeAsSet(seconds: number): number {
  let sec = Math.trunc(seconds);
  let nsec = Math.trunc((seconds - sec) * 1e9);
  nsec -= nsec % 1000;
  if (nsec < 0) {
    nsec += 1e9;
    sec -= 1;
  }
  return sec * 1e3 + nsec / 1e6;
}

/** Creates every folder the files need, before any file is copied. */
async function makeFolders(targets: readonly FsPath[]): Promise<void> {
  const folders = new Map<string, FsPath>();
  for (const t of targets) {
    const parent = parentOf(t);
    folders.set(keyOf(parent), parent);
  }
  for (const folder of folders.values()) await mkdir(folder, { recursive: true });
}

export interface CopyOptions {
  signal?: AbortSignal;
  /** How each opened file is checked and read (source-file.ts); tests force 'portable' to run the macOS/Windows path. */
  handleCheck?: HandleCheck;
  /** Copy threads at most (copy-pool.ts); default min(4, cores). */
  threads?: number;
  /** Where the copy threads come from; default one pool for the process. Tests pass their own. */
  pool?: CopyThreadPool;
}

/**
 * Copies exactly the manifest's files into `destInputDir`, keeping relative paths, permission bits (executable bits
 * included; setuid/setgid/sticky dropped) and modification times. The source is only ever opened read-only, checked
 * through the open descriptor, and copied from that same descriptor on every platform.
 * Returns the manifest of the copy as written, for comparing input/ after the run. Its entries are made from the
 * source's fstat and the times just set rather than a fresh lstat of each copy: the size is the one the limits were
 * checked against (and the number of bytes copied), the mode the bits fchmod set, and the mtime as futimes wrote
 * it (mtimeAsSet), which is what an lstat reads back.
 *
 * The files are copied by copy threads (copy-pool.ts); this thread makes the folders first and waits. If the copy
 * fails or is cancelled, every thread has stopped before the folders this call made are removed, so nothing
 * half-copied is left. The project's engine context (configs above it, its node_modules) goes beside
 * `destInputDir`, in the run folder.
 */
export async function copyProject(project: OpenedProject, destInputDir: string, opts: CopyOptions = {}): Promise<Manifest> {
  const { signal } = opts;
  throwIfCancelled(signal);
  const { limits } = project;
  const dest = path.resolve(destInputDir);
  const entries = project.manifest.files;
  // The first folder mkdir made (undefined: dest was there already): what to remove if the copy does not finish.
  const made = await mkdir(dest, { recursive: true });
  try {
    await makeFolders(entries.map((e) => entryPath(dest, e)));
    const stats = await copyInThreads({
      setup: {
        root: project.root,
        dest,
        check: opts.handleCheck ?? defaultHandleCheck(),
        umask: readUmask(),
        fileBytes: limits.fileBytes,
        totalBytes: limits.totalBytes,
      },
      files: entries,
      threads: opts.threads,
      pool: opts.pool,
      signal,
    });
    const out = entries.map((e, i) => copiedEntry(e, stats[i * 3] as number, stats[i * 3 + 1] as number, stats[i * 3 + 2] as number));
    await placeEngineContext(project.engineContext, path.dirname(dest));
    return { files: out, bytes: out.reduce((n, e) => n + e.size, 0) };
  } catch (err) {
    if (made !== undefined) await rm(made, { recursive: true, force: true });
    if (err instanceof ThreadCopyFailure) throw explain(err.failure, entries[err.at] as ManifestEntry, project);
    throw asCancelled(err, signal);
  }
}

export function explain(failure: CopyFailure, entry: ManifestEntry, project: OpenedProject): unknown {
  const { limits } = project;
  switch (failure.kind) {
    case 'missing':
      return changedSinceOpened(entry.path, 'has disappeared since the project was opened');
    case 'denied':
      return changedSinceOpened(entry.path, 'cannot be read (permission denied)');
    case 'outside':
      return changedSinceOpened(entry.path, 'now points outside the project');
    case 'not-regular':
      return changedSinceOpened(entry.path, 'is no longer a regular file');
    case 'size-changed':
      return changedSinceOpened(entry.path, 'changed while it was being copied');
    case 'file-too-large':
      return fileTooLarge(entry.path, failure.size, limits.fileBytes);
    case 'too-many-bytes':
      return tooManyBytes('project', failure.total, limits.totalBytes, project.summary.source);
    case 'error':
      // An Error with the errno code, as the fs call threw it on this thread, so the queue tells a full disk as such (storage-error.ts).
      return Object.assign(new Error(`'${shortPath(entry.path)}' could not be copied: ${failure.message}`), failure.code !== undefined ? { code: failure.code } : {});
  }
}

export function copiedEntry(entry: ManifestEntry, size: number, mode: number, mtimeMs: number): ManifestEntry {
  return {
    path: entry.path,
    ...(entry.rawPath !== undefined ? { rawPath: entry.rawPath } : {}),
    size,
    mode: mode & ~0o7000,
    mtimeMs: mtimeAsSet(mtimeMs / 1000),
  };
}
