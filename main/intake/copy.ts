import { closeSync, type Stats } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { asCancelled, throwIfCancelled } from './cancel';
import { isDenied, isMissing } from '../store/fs-errors';
import { copyOpenFile, copyOpenFileSync, readUmask, SizeChanged, SYNC_COPY_MAX_BYTES, timesOf } from './copy-file';
import { placeEngineContext } from './engine-context';
import { fileTooLarge, shortPath, tooManyBytes } from './limit-errors';
import { entryPath, parentOf, type FsPath } from './paths';
import { defaultHandleCheck, openSourceFile, type HandleCheck, type SourceFile } from './source-file';
import { timeSlicer } from './time-slice';
import type { Manifest, ManifestEntry, OpenedProject } from './types';

function changedSinceOpened(rel: string, what: string): AppError {
  return new AppError('rejected', `'${shortPath(rel)}' ${what}. Open the project again.`, {
    path: rel,
  });
}

const keyOf = (p: FsPath): string => (typeof p === 'string' ? `s:${p}` : `b:${p.toString('base64')}`);

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
 * Files up to SYNC_COPY_MAX_BYTES are copied with synchronous calls in time slices (time-slice.ts); larger ones
 * through the libuv pool, up to LARGE_IN_FLIGHT at a time, alongside the small ones.
 * The project's engine context (configs above it, its node_modules) goes beside `destInputDir`, in the run folder.
 */
export async function copyProject(project: OpenedProject, destInputDir: string, opts: CopyOptions = {}): Promise<Manifest> {
  const { signal } = opts;
  const check = opts.handleCheck ?? defaultHandleCheck();
  throwIfCancelled(signal);
  const { limits } = project;
  const realRoot = Buffer.from(project.root);
  const dest = path.resolve(destInputDir);
  const entries = project.manifest.files;
  const targets = entries.map((e) => entryPath(dest, e));
  await mkdir(dest, { recursive: true });
  await makeFolders(targets);

  const out: ManifestEntry[] = new Array<ManifestEntry>(entries.length);
  const buf = Buffer.allocUnsafe(SYNC_COPY_MAX_BYTES);
  const umask = readUmask();
  const large = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let total = 0;
  const slice = timeSlicer();
  try {
    for (let i = 0; i < entries.length && !failure; i += 1) {
      const pause = slice();
      if (pause) await pause;
      throwIfCancelled(signal);
      const entry = entries[i] as ManifestEntry;
      const target = targets[i] as FsPath;
      const source = openChecked(project.root, entry, realRoot, check);
      const { stat } = source;
      try {
        if (stat.size > limits.fileBytes) throw fileTooLarge(entry.path, stat.size, limits.fileBytes);
        total += stat.size;
        if (total > limits.totalBytes) throw tooManyBytes('project', total, limits.totalBytes, project.summary.source);
      } catch (err) {
        closeSync(source.fd);
        throw err;
      }
      if (stat.size <= SYNC_COPY_MAX_BYTES) {
        try {
          copyOpenFileSync(source, target, buf, umask);
        } catch (err) {
          throw explainCopyError(err, entry);
        } finally {
          closeSync(source.fd);
        }
        out[i] = copiedEntry(entry, stat);
        continue;
      }
      const copying: Promise<void> = copyLarge(source, target, entry)
        .then(() => {
          out[i] = copiedEntry(entry, stat);
        })
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => large.delete(copying));
      large.add(copying);
      while (large.size >= LARGE_IN_FLIGHT) await Promise.race(large);
    }
  } catch (error) {
    failure ??= { error };
  }
  await Promise.all(large);
  if (failure) throw asCancelled(failure.error, signal);
  await placeEngineContext(project.engineContext, path.dirname(dest));
  return { files: out, bytes: out.reduce((n, e) => n + e.size, 0) };
}

/** Large files in flight at once through the pool: each holds an open descriptor and a 1 MiB buffer. */
const LARGE_IN_FLIGHT = 4;

function openChecked(root: string, entry: ManifestEntry, realRoot: Buffer, check: HandleCheck): SourceFile {
  let source;
  try {
    source = openSourceFile(entryPath(root, entry), realRoot, check);
  } catch (err) {
    if (isMissing(err)) throw changedSinceOpened(entry.path, 'has disappeared since the project was opened');
    // Unreadable files are found here, at open, rather than by an access() per file in the scan (see scan.ts).
    if (isDenied(err)) throw changedSinceOpened(entry.path, 'cannot be read (permission denied)');
    throw err;
  }
  if (source === 'outside') throw changedSinceOpened(entry.path, 'now points outside the project');
  if (source === 'not-regular') throw changedSinceOpened(entry.path, 'is no longer a regular file');
  return source;
}

const explainCopyError = (err: unknown, entry: ManifestEntry): unknown =>
  err instanceof SizeChanged ? changedSinceOpened(entry.path, 'changed while it was being copied') : err;

async function copyLarge(source: SourceFile, target: FsPath, entry: ManifestEntry): Promise<void> {
  try {
    await copyOpenFile(source, target);
  } catch (err) {
    throw explainCopyError(err, entry);
  } finally {
    closeSync(source.fd);
  }
}

function copiedEntry(entry: ManifestEntry, stat: Stats): ManifestEntry {
  return {
    path: entry.path,
    ...(entry.rawPath !== undefined ? { rawPath: entry.rawPath } : {}),
    size: stat.size,
    mode: stat.mode & ~0o7000,
    mtimeMs: mtimeAsSet(timesOf(stat).mtime),
  };
}
