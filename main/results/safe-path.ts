import type { Stats } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { errnoCode, isMissing } from '../store/fs-errors';

/**
 * Paths into a run folder. Callers name things by a path relative to the run folder; nothing here ever leaves it.
 *
 * Two ways in:
 *  - resolveInRun: the real path (links inside the run folder are allowed, a link that leads out is refused). For
 *    handing a path to the desktop (reveal), where the OS will follow links anyway.
 *  - locateInRun: never passes through a link at all; the last component may be a link and is reported as one.
 *    For reading (preview, export), so that what is read is exactly what the tree showed.
 */

const MAX_REL_LENGTH = 4096;
/** Windows device names, refused on Windows where opening `nul` or `con.txt` reaches a device, not a file. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)(\..*)?$/i;

const invalid = (message: string, relPath: unknown): AppError =>
  new AppError('invalid-input', message, { path: typeof relPath === 'string' ? relPath.slice(0, 200) : String(relPath) });

/**
 * Checks a run-relative path and returns its segments (never empty, '.' or '..'). Back slashes count as separators.
 * '..' is refused outright rather than resolved: no caller needs it, and resolving it lexically over a link would
 * disagree with what the OS does.
 */
export function splitRelPath(relPath: string, platform: NodeJS.Platform = process.platform): string[] {
  if (typeof relPath !== 'string') throw invalid('The path must be text.', relPath);
  if (relPath.length === 0) throw invalid('The path is empty.', relPath);
  if (relPath.length > MAX_REL_LENGTH) throw invalid('The path is too long.', relPath);
  if (relPath.includes('\0')) throw invalid('The path contains a NUL character.', relPath);
  if (/^[\\/]/.test(relPath)) {
    throw invalid('The path must be relative to the run folder; absolute and network (UNC) paths are refused.', relPath);
  }
  if (/^[A-Za-z]:/.test(relPath)) throw invalid('The path must be relative to the run folder; drive paths are refused.', relPath);
  const segments = relPath.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw invalid("The path may not contain '..'.", relPath);
  if (platform === 'win32' && segments.some((s) => s.includes(':') || WINDOWS_DEVICE.test(s) || /[. ]$/.test(s))) {
    throw invalid('The path names a Windows device or stream, which is refused.', relPath);
  }
  return segments;
}

/** The run folder's real path; a missing run folder is `not-found`. */
export async function realRunDir(runDir: string): Promise<string> {
  try {
    return await realpath(runDir);
  } catch (err) {
    if (isMissing(err)) throw new AppError('not-found', 'The run folder no longer exists.');
    throw err;
  }
}

export function isInside(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(prefix);
}

const notFound = (relPath: string): AppError => new AppError('not-found', `“${relPath}” does not exist in the run folder.`, { path: relPath });

/** Absolute real path of `relPath` inside the run folder; refuses (forbidden) where a link on the way leads out of it. */
export async function resolveInRun(runDir: string, relPath: string): Promise<string> {
  const segments = splitRelPath(relPath);
  const root = await realRunDir(runDir);
  let real: string;
  try {
    real = await realpath(path.join(root, ...segments));
  } catch (err) {
    if (isMissing(err)) throw notFound(relPath);
    if (errnoCode(err) === 'ELOOP') throw new AppError('forbidden', `“${relPath}” goes through a loop of links.`, { path: relPath });
    throw err;
  }
  if (!isInside(root, real)) {
    throw new AppError('forbidden', `“${relPath}” leads out of the run folder through a link, so it is not opened.`, { path: relPath });
  }
  return real;
}

export interface Located {
  /** Real path of the run folder. */
  root: string;
  /** Absolute path under `root`, with no link before its last component. */
  abs: string;
  /** The path relative to the run folder, forward slashes ('' for the run folder itself). */
  rel: string;
  /** lstat of the last component: a link is reported as a link. */
  stat: Stats;
}

/** Finds `relPath` without passing through any link: every folder on the way is lstat-ed and must be a real folder. */
export async function locateInRun(runDir: string, relPath: string): Promise<Located> {
  const segments = splitRelPath(relPath);
  const root = await realRunDir(runDir);
  let abs = root;
  let stat = await lstat(root);
  for (let i = 0; i < segments.length; i += 1) {
    if (stat.isSymbolicLink()) {
      const via = segments.slice(0, i).join('/');
      throw new AppError('forbidden', `“${relPath}” goes through the link “${via}”; links are shown but never followed.`, {
        path: relPath,
        link: via,
      });
    }
    if (!stat.isDirectory()) throw notFound(relPath);
    abs = path.join(abs, segments[i] as string);
    try {
      stat = await lstat(abs);
    } catch (err) {
      if (isMissing(err)) throw notFound(relPath);
      throw err;
    }
  }
  return { root, abs, rel: segments.join('/'), stat };
}
