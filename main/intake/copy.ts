import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import { AppError } from '../../shared/errors';
import { asCancelled, throwIfCancelled } from './cancel';
import { isMissing } from '../store/fs-errors';
import { placeEngineContext } from './engine-context';
import { fileTooLarge, shortPath, tooManyBytes } from './limit-errors';
import { entryPath, parentOf, type FsPath } from './paths';
import { openSourceFile } from './source-file';
import type { Manifest, ManifestEntry, OpenedProject } from './types';

/** Files copied at once: enough to hide per-file latency on 20,000 small files, few enough to spare the disk. */
const COPY_CONCURRENCY = 16;
// FICLONE: a copy-on-write clone where the file system can (btrfs, XFS, APFS), an ordinary copy elsewhere.
// EXCL: never overwrite, so a name that is already there (or a link planted in the destination) fails loudly.
const COPY_FLAGS = constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL;

function changedSinceOpened(rel: string, what: string): AppError {
  return new AppError('rejected', `'${shortPath(rel)}' ${what}. Open the project again.`, {
    path: rel,
  });
}

const keyOf = (p: FsPath): string => (typeof p === 'string' ? `s:${p}` : `b:${p.toString('base64')}`);

/**
 * The mtimeMs an lstat reads back after `utimes(path, _, date)`: Node passes the Date as seconds (a double), libuv
 * splits that into seconds and nanoseconds truncated to whole microseconds, and Node's stat adds them up again as
 * milliseconds. The arithmetic is repeated here so the manifest needs no lstat per file; the copy tests compare the
 * manifest with a fresh scan, so a change in that arithmetic fails them instead of passing unnoticed.
 */
export function mtimeAsSet(date: Date): number {
  const t = date.getTime() / 1000;
  let sec = Math.trunc(t);
  let nsec = Math.trunc((t - sec) * 1e9);
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

/**
 * Copies exactly the manifest's files into `destInputDir`, keeping relative paths, permission bits (executable bits
 * included; setuid/setgid/sticky dropped) and modification times. The source is only ever opened read-only.
 * Returns the manifest of the copy as written, for comparing input/ after the run. Its entries are made from the
 * source's fstat and the times just set rather than a fresh lstat of each copy (one call fewer per file, where
 * per-file calls are the whole cost on a fast disk): the size is the one the limits were checked against, the mode
 * what copyFile gives the copy (the source's, which it sets with fchmod) or what chmod set, and the mtime the one
 * utimes wrote, a whole millisecond as a Date carries it, which is what an lstat reads back.
 * The project's engine context (configs above it, its node_modules) goes beside `destInputDir`, in the run folder.
 */
export async function copyProject(
  project: OpenedProject,
  destInputDir: string,
  opts: { signal?: AbortSignal } = {},
): Promise<Manifest> {
  const { signal } = opts;
  throwIfCancelled(signal);
  const { limits } = project;
  const realRoot = Buffer.from(project.root);
  const dest = path.resolve(destInputDir);
  const entries = project.manifest.files;
  const targets = entries.map((e) => entryPath(dest, e));
  await mkdir(dest, { recursive: true });
  await makeFolders(targets);

  let total = 0;
  const copyOne = async (entry: ManifestEntry, target: FsPath): Promise<ManifestEntry> => {
    let source;
    try {
      source = await openSourceFile(entryPath(project.root, entry), realRoot);
    } catch (err) {
      if (isMissing(err)) throw changedSinceOpened(entry.path, 'has disappeared since the project was opened');
      throw err;
    }
    if (source === 'outside') throw changedSinceOpened(entry.path, 'now points outside the project');
    if (source === 'not-regular') throw changedSinceOpened(entry.path, 'is no longer a regular file');
    const { stat } = source;
    try {
      if (stat.size > limits.fileBytes) throw fileTooLarge(entry.path, stat.size, limits.fileBytes);
      total += stat.size;
      if (total > limits.totalBytes) throw tooManyBytes('project', total, limits.totalBytes, project.summary.source);
      await copyFile(source.copyFrom, target, COPY_FLAGS);
    } finally {
      await source.handle.close();
    }
    await utimes(target, stat.atime, stat.mtime);
    // copyFile gives the copy the source's mode (fchmod, so no umask); chmod only to drop setuid/setgid/sticky.
    const special = (stat.mode & 0o7000) !== 0;
    if (special) await chmod(target, stat.mode & 0o777);
    return {
      path: entry.path,
      ...(entry.rawPath !== undefined ? { rawPath: entry.rawPath } : {}),
      size: stat.size,
      mode: special ? stat.mode & ~0o7000 : stat.mode,
      mtimeMs: mtimeAsSet(stat.mtime),
    };
  };

  const out: ManifestEntry[] = new Array<ManifestEntry>(entries.length);
  let failure: { error: unknown } | undefined;
  const queue = new PQueue({ concurrency: COPY_CONCURRENCY });
  entries.forEach((entry, i) => {
    queue
      .add(async () => {
        if (failure) return;
        throwIfCancelled(signal);
        out[i] = await copyOne(entry, targets[i] as FsPath);
      })
      .catch((error: unknown) => {
        failure ??= { error };
        queue.clear();
      });
  });
  await queue.onIdle();
  if (failure) throw asCancelled(failure.error, signal);
  await placeEngineContext(project.engineContext, path.dirname(dest));
  return { files: out, bytes: out.reduce((n, e) => n + e.size, 0) };
}
