import fs, { createWriteStream } from 'node:fs';
import { mkdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../shared/errors';
import type { IntakeLimits } from '../../shared/settings';
import { asCancelled, throwIfCancelled } from './cancel';
import { errnoCode } from '../store/fs-errors';
import { tooManyBytes, tooManyEntries } from './limit-errors';
import { isInside } from './paths';
import { COUNT_CAP } from './scan';
import { planEntry, printable, unsafeEntry, type PlannedEntry } from './zip-entries';
import { byteLimiter } from './zip-limiter';

export interface ExtractOptions {
  signal?: AbortSignal | undefined;
  progress?: (files: number, bytes: number) => void;
}

export interface ExtractResult {
  files: number;
  bytes: number;
}

/**
 * Extracts a zip into `dest` (an existing, empty folder), streaming entry by entry with yauzl.
 * Names, links and declared sizes are checked for every entry before anything is written; then the bytes that
 * actually come out of each entry are counted as they stream (headers can lie) and the entry is stopped before a
 * chunk would take it past the per-file, total or compression-ratio limit. Nothing is ever held whole in memory.
 * On rejection `dest` may hold a partial extraction; the caller removes it.
 */
export async function extractZip(zipPath: string, dest: string, limits: IntakeLimits, opts: ExtractOptions = {}): Promise<ExtractResult> {
  throwIfCancelled(opts.signal);
  try {
    const zip = await openZip(zipPath);
    try {
      const plan = await readPlan(zip, limits, zipPath);
      return await extractPlan(zip, plan, dest, limits, zipPath, opts);
    } finally {
      zip.close(); // yauzl closes the fd once the last read stream has let go of it
    }
  } catch (err) {
    throw asZipError(asCancelled(err, opts.signal), zipPath);
  }
}

const openFd = promisify(fs.open);
const fstatFd = promisify(fs.fstat);
const closeFd = promisify(fs.close);

/**
 * Opened here rather than by yauzl.open: read-only and O_NONBLOCK, so a path that has become a FIFO cannot hang us.
 * A raw fd, not a FileHandle, because yauzl takes ownership of it and closes it (reference-counted) on close().
 */
async function openZip(zipPath: string): Promise<ZipFile> {
  const fd = await openFd(zipPath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  let zip: ZipFile;
  try {
    if (!(await fstatFd(fd)).isFile()) throw new AppError('rejected', `'${zipPath}' is not a zip archive.`, { path: zipPath });
    zip = await new Promise<ZipFile>((resolve, reject) => {
      // decodeStrings off: names are decoded and judged below (entryName, planEntry), so every unsafe name gets the same
      // clear message, and NUL, which yauzl's own check lets through, is refused too.
      const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
      yauzl.fromFd(fd, options, (err, z) => {
        if (err) {
          const message = `'${path.basename(zipPath)}' is not a readable zip archive (${printable(err.message)}).`;
          reject(new AppError('rejected', message, { path: zipPath }));
        } else {
          resolve(z);
        }
      });
    });
  } catch (err) {
    await closeFd(fd).catch(() => {});
    throw err;
  }
  return zip;
}

/**
 * Reads the whole central directory, validating every entry; past the file limit it only counts, for the message.
 * Folder entries count against the file limit like files: each one is a folder made on disk.
 */
function readPlan(zip: ZipFile, limits: IntakeLimits, zipPath: string): Promise<PlannedEntry[]> {
  return new Promise((resolve, reject) => {
    const plan: PlannedEntry[] = [];
    const countCap = Math.max(COUNT_CAP, limits.files);
    let files = 0;
    let folders = 0;
    let declared = 0;
    const entries = (): number => files + folders;
    let settled = false;
    const fail = (err: unknown): void => {
      settled = true;
      reject(err);
    };
    zip.on('error', (err: Error) => {
      if (!settled) fail(err);
    });
    zip.on('end', () => {
      if (settled) return;
      settled = true;
      if (entries() > limits.files) reject(tooManyEntries(files, folders, limits.files, zipPath));
      else resolve(plan);
    });
    zip.on('entry', (entry: Entry) => {
      if (settled) return;
      try {
        const name = entryName(entry);
        if (entries() > limits.files) {
          if (name.endsWith('/')) folders += 1;
          else files += 1;
          if (entries() > countCap) return fail(tooManyEntries(files, folders, limits.files, zipPath, true));
          return zip.readEntry();
        }
        const planned = planEntry(entry, name, limits);
        if (planned.isDir) folders += 1;
        else {
          files += 1;
          declared += entry.uncompressedSize;
          if (declared > limits.totalBytes && entries() <= limits.files) {
            return fail(tooManyBytes('archive', declared, limits.totalBytes, zipPath));
          }
        }
        plan.push(planned);
        zip.readEntry();
      } catch (err) {
        fail(err);
      }
    });
    zip.readEntry();
  });
}

/** The entry's name as the archive means it (UTF-8 flag, Info-ZIP Unicode path field, else CP437), backslashes kept. */
function entryName(entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

async function extractPlan(
  zip: ZipFile,
  plan: PlannedEntry[],
  dest: string,
  limits: IntakeLimits,
  zipPath: string,
  opts: ExtractOptions,
): Promise<ExtractResult> {
  const destBuf = Buffer.from(dest);
  let files = 0;
  let bytes = 0;
  for (const p of plan) {
    throwIfCancelled(opts.signal);
    const target = path.join(dest, ...p.segments);
    // The names were validated; checked again here because this is the line that decides where bytes go.
    if (!isInside(destBuf, Buffer.from(target)) || target === dest) throw unsafeEntry(p.name, 'it points outside the archive');
    if (p.isDir) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const before = bytes;
    const limiter = byteLimiter({ name: p.name, compressedSize: p.entry.compressedSize }, limits, zipPath, before, (written) => {
      bytes = before + written;
      opts.progress?.(files, bytes);
    });
    const source = await zip.openReadStreamPromise(p.entry);
    await pipeline(source, limiter, createWriteStream(target, { flags: 'wx', mode: p.executable ? 0o755 : 0o644 }), {
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const date = p.entry.getLastModDate();
    if (!Number.isNaN(date.getTime())) await utimes(target, date, date);
    files += 1;
    opts.progress?.(files, bytes);
  }
  return { files, bytes };
}

const CONFLICT_CODES: ReadonlySet<string> = new Set(['EEXIST', 'ENOTDIR', 'EISDIR']);
// Names this file system refuses (e.g. ':' or a reserved name on Windows, or a name too long).
const BAD_NAME_CODES: ReadonlySet<string> = new Set(['EINVAL', 'ENAMETOOLONG', 'EILSEQ']);

/** yauzl and zlib complaints mean a damaged or hostile archive ('rejected'); the machine's own I/O errors stay as they are. */
function asZipError(err: unknown, zipPath: string): unknown {
  if (err instanceof AppError) return err;
  const code = errnoCode(err);
  const errPath = (err as { path?: unknown } | null)?.path;
  const at = typeof errPath === 'string' ? ` at '${printable(path.basename(errPath))}'` : '';
  if (code && CONFLICT_CODES.has(code)) {
    return new AppError('rejected', `The archive has entries that collide with each other${at}.`, { path: zipPath, reason: code });
  }
  if (code && BAD_NAME_CODES.has(code)) {
    return new AppError('rejected', `The archive has an entry whose name this system cannot use${at}.`, { path: zipPath, reason: code });
  }
  if (code && /^E[A-Z]+$/.test(code)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('rejected', `The archive '${path.basename(zipPath)}' is damaged or unsafe (${printable(message)}).`, {
    path: zipPath,
    reason: message,
  });
}
