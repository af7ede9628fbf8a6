import type { Entry } from 'yauzl';
import { AppError } from '../../shared/errors';
import type { IntakeLimits } from '../../shared/settings';
import { fileTooLarge, ratioTooHigh, shortPath, tooDeep } from './limit-errors';

/** Below this many bytes an entry may compress as well as it likes (a small file of spaces legitimately does). */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

// "Version made by" hosts whose external attributes carry a Unix st_mode in the high 16 bits.
const UNIX_HOSTS: ReadonlySet<number> = new Set([3 /* Unix */, 19 /* OS X */]);
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

export interface PlannedEntry {
  entry: Entry;
  name: string;
  segments: string[];
  isDir: boolean;
  executable: boolean;
}

/** A name safe to show in a message: control characters as \xNN. */
export function printable(name: string): string {
  return shortPath(name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)); // eslint-disable-line no-control-regex
}

/** Why an entry name could write outside the extraction folder (or is otherwise unusable), or null. */
export function unsafeNameReason(name: string): string | null {
  if (name.includes('\0')) return 'it contains a NUL character';
  if (name.includes('\\')) return 'it contains a backslash';
  if (name.startsWith('/')) return 'it is an absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'it starts with a drive letter';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.includes('..')) return "it climbs out of the archive with '..'";
  if (segments.some((s) => s === '' || s === '.')) return "it has an empty or '.' path segment";
  return null;
}

export function unsafeEntry(name: string, reason: string): AppError {
  return new AppError('rejected', `The archive has an unsafe entry '${printable(name)}': ${reason}.`, {
    path: name,
    reason,
  });
}

/** Checks one central-directory entry before anything is written; the sizes it declares are checked again while streaming. */
export function planEntry(entry: Entry, name: string, limits: IntakeLimits): PlannedEntry {
  const nameProblem = unsafeNameReason(name);
  if (nameProblem) throw unsafeEntry(name, nameProblem);
  const isDir = name.endsWith('/');
  const mode = UNIX_HOSTS.has(entry.versionMadeBy >>> 8) ? (entry.externalFileAttributes >>> 16) & 0xffff : 0;
  const type = mode & S_IFMT;
  if (type === S_IFLNK) throw unsafeEntry(name, 'it is a symbolic link, and links in archives are not accepted');
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw unsafeEntry(name, 'it is a special file');
  if (type !== 0 && (type === S_IFDIR) !== isDir) throw unsafeEntry(name, 'its type and its name disagree');
  if (entry.isEncrypted()) throw unsafeEntry(name, 'it is encrypted');
  if (!isDir && entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw unsafeEntry(name, `it uses compression method ${entry.compressionMethod}, which is not supported`);
  }
  const segments = (isDir ? name.slice(0, -1) : name).split('/');
  if (segments.length > limits.depth) throw tooDeep(name, segments.length, limits.depth);
  if (!isDir) {
    if (entry.uncompressedSize > limits.fileBytes) throw fileTooLarge(name, entry.uncompressedSize, limits.fileBytes);
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.zipMaxRatio) {
      throw ratioTooHigh(name, ratio, limits.zipMaxRatio);
    }
  }
  return { entry, name, segments, isDir, executable: (mode & 0o111) !== 0 };
}
