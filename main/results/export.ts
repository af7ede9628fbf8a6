import type { ReadStream } from 'node:fs';
import { open, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { AppError } from '../../shared/errors';
import type { ProducedFile } from '../../shared/jobs';
import { collectZipItems, type ZipItem } from './export-entries';
import { isMissing } from '../store/fs-errors';
import { openInRun } from './safe-open';
import { isInside, realRunDir } from './safe-path';

export const DEFAULT_MAX_EXPORT_ENTRIES = 200_000;
export const PARTIAL_SUFFIX = '.partial';

export interface ExportOptions {
  signal?: AbortSignal;
  /** Refuse (AppError 'limit') a run with more files than this (default 200,000). */
  maxEntries?: number;
}

export interface ExportResult {
  path: string;
  entries: number;
}

/**
 * Writes a zip of the run's results (see collectZipItems for what is in it) to `destPath`.
 *
 * Streams one file at a time (each opened only when yazl reaches it, with O_NOFOLLOW, read to its listed size), so
 * neither a big file nor many files are held in memory or in open descriptors. Writes `destPath + '.partial'`, syncs
 * it, closes it, then renames: a failed or cancelled export leaves neither a half zip nor the partial file.
 * `destPath` may not be inside the run folder (the zip would include or clobber results).
 */
export async function exportZip(
  runDir: string,
  produced: readonly ProducedFile[],
  destPath: string,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const root = await realRunDir(runDir);
  const dest = path.resolve(destPath);
  await refuseInsideRun(dest, path.resolve(runDir), root);
  if (opts.signal?.aborted) throw new AppError('cancelled');

  const items = await collectZipItems(root, produced, opts.maxEntries ?? DEFAULT_MAX_EXPORT_ENTRIES, opts.signal);
  const partial = dest + PARTIAL_SUFFIX;
  await rm(partial, { force: true });
  let out: FileHandle;
  try {
    out = await open(partial, 'wx'); // exclusive: never write through something planted at that name
  } catch (err) {
    if (isMissing(err)) throw new AppError('not-found', 'The folder to save the zip in does not exist.', { path: dest });
    throw err;
  }
  try {
    await writeZip(items, root, out, opts.signal);
    await rename(partial, dest);
  } catch (err) {
    await out.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw err;
  }
  return { path: dest, entries: items.length };
}

async function refuseInsideRun(dest: string, runDir: string, root: string): Promise<void> {
  let realParent: string | null = null;
  try {
    realParent = await realpath(path.dirname(dest));
  } catch {
    // a missing folder is reported when the zip is opened
  }
  const realDest = realParent === null ? dest : path.join(realParent, path.basename(dest));
  if (isInside(runDir, dest) || isInside(root, dest) || isInside(root, realDest)) {
    throw new AppError('invalid-input', 'Save the zip outside the run folder.', { path: dest });
  }
}

function writeZip(items: readonly ZipItem[], root: string, out: FileHandle, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const zip = new ZipFile();
    // flush: fsync before the stream closes the file, so the rename never publishes a zip still only in the cache.
    const sink = out.createWriteStream({ flush: true });
    const reading = new Set<ReadStream>();
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      zip.outputStream.unpipe(sink);
      for (const stream of reading) stream.destroy(); // closes its file
      const error = err instanceof Error ? err : new Error(String(err));
      // Settle only once the zip file is closed, so the caller can remove it (Windows cannot remove an open file).
      if (sink.closed) reject(error);
      else sink.once('close', () => reject(error)).destroy();
    };
    const onAbort = (): void => fail(new AppError('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    zip.on('error', fail);
    sink.on('error', fail);
    sink.on('close', () => {
      if (!sink.writableFinished) return fail(new Error('The zip file was closed before it was complete.'));
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    zip.outputStream.pipe(sink);
    if (signal?.aborted) return onAbort();

    for (const item of items) {
      const meta = { mtime: item.stat.mtime, mode: item.stat.mode };
      if (item.stat.size === 0) {
        zip.addBuffer(Buffer.alloc(0), item.name, meta);
        continue;
      }
      zip.addReadStreamLazy(item.name, meta, (cb) => {
        openInRun(item.abs, root, item.stat).then(
          ({ handle }) => {
            if (settled) {
              void handle.close();
              return;
            }
            // Only the bytes there were when it was listed: a file still growing cannot stretch the export.
            const stream = handle.createReadStream({ start: 0, end: item.stat.size - 1 });
            reading.add(stream);
            stream.on('close', () => reading.delete(stream));
            stream.on('error', fail);
            cb(null, stream);
          },
          (err: unknown) => fail(err instanceof AppError ? new AppError(err.code, `${item.name}: ${err.message}`) : err),
        );
      });
    }
    zip.end();
  });
}
