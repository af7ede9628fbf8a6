import { AppError } from '../../shared/errors';
import { formatBytes, formatCount } from '../../shared/format';

/** Which IntakeLimits field a rejection is about; also the `details.limit` value the renderer can point at. */
export type LimitName = 'files' | 'totalBytes' | 'fileBytes' | 'depth' | 'zipMaxRatio';

const WHERE = '(Settings → Limits)';

function limitError(limit: LimitName, value: number, max: number, path: string, message: string): AppError {
  return new AppError('rejected', message, { limit, value, max, path });
}

/** Middle-elides long paths so a message stays readable; the full path is in `details.path`. */
export function shortPath(p: string, max = 80): string {
  if (p.length <= max) return p;
  const half = Math.floor((max - 1) / 2);
  return `${p.slice(0, half)}…${p.slice(p.length - half)}`;
}

export type Container = 'project' | 'archive';

/** `atLeast`: counting stopped at a cap, so the figure is a lower bound. */
export function tooManyFiles(what: Container, count: number, max: number, source: string, atLeast = false): AppError {
  const figure = atLeast ? `more than ${formatCount(count - 1)}` : formatCount(count);
  return limitError('files', count, max, source, `This ${what} has ${figure} files; the limit is ${formatCount(max)} ${WHERE}.`);
}

/** An archive's folders are made on disk too: a zip of 30,000 empty folders is as much work as 30,000 files. */
export function tooManyEntries(files: number, folders: number, max: number, source: string, atLeast = false): AppError {
  if (folders === 0) return tooManyFiles('archive', files, max, source, atLeast);
  const count = files + folders;
  const figure = atLeast ? `more than ${formatCount(count - 1)}` : formatCount(count);
  return limitError('files', count, max, source, `This archive has ${figure} entries (files and folders count alike); the limit is ${formatCount(max)} ${WHERE}.`);
}

export function tooManyBytes(what: Container, bytes: number, max: number, source: string): AppError {
  return limitError(
    'totalBytes',
    bytes,
    max,
    source,
    `This ${what} has more than ${formatBytes(max)} of files; the limit is ${formatBytes(max)} ${WHERE}.`,
  );
}

/** `atLeast`: the file was stopped while being written, so its real size is unknown beyond `size`. */
export function fileTooLarge(rel: string, size: number, max: number, atLeast = false): AppError {
  const figure = atLeast ? `more than ${formatBytes(max)}` : formatBytes(size);
  return limitError(
    'fileBytes',
    size,
    max,
    rel,
    `The file '${shortPath(rel)}' is ${figure}; the limit for one file is ${formatBytes(max)} ${WHERE}.`,
  );
}

export function tooDeep(rel: string, depth: number, max: number): AppError {
  return limitError(
    'depth',
    depth,
    max,
    rel,
    `'${shortPath(rel)}' is nested ${formatCount(depth)} folders deep; the limit is ${formatCount(max)} ${WHERE}.`,
  );
}

export function ratioTooHigh(rel: string, ratio: number, max: number): AppError {
  return limitError(
    'zipMaxRatio',
    Math.floor(ratio),
    max,
    rel,
    `The archive entry '${shortPath(rel)}' expands to more than ${formatCount(max)} times its compressed size; the limit is ${formatCount(max)} ${WHERE}.`,
  );
}
