import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Hand-written PATH lookup (no `which`-like library is installed): small, and testable for Windows on any OS
 * through the injected platform and file check.
 */
export interface LookupOptions {
  pathEnv: string;
  platform: NodeJS.Platform;
  /** Windows: `.COM;.EXE;.BAT;.CMD`-style list. */
  pathExt?: string;
  isExecutable?: (file: string, platform: NodeJS.Platform) => Promise<boolean>;
}

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

/** A regular file we may execute (on Windows: a regular file; the extension decides). */
export async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return false;
    if (platform === 'win32') return true;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const pathFor = (platform: NodeJS.Platform) => (platform === 'win32' ? path.win32 : path.posix);

/** PATH entries, in order, without empties or duplicates. An empty entry would mean the cwd: never searched. */
export function splitPath(pathEnv: string, platform: NodeJS.Platform): string[] {
  const sep = platform === 'win32' ? ';' : ':';
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of pathEnv.split(sep)) {
    const dir = raw.trim().replace(/^"(.*)"$/, '$1');
    if (!dir || !pathFor(platform).isAbsolute(dir) || seen.has(dir)) continue;
    seen.add(dir);
    out.push(dir);
  }
  return out;
}

export function joinPath(entries: string[], platform: NodeJS.Platform): string {
  return entries.join(platform === 'win32' ? ';' : ':');
}

/** The names to try for a command: on Windows each PATHEXT extension unless it already has one of them. */
export function candidateNames(command: string, platform: NodeJS.Platform, pathExt = DEFAULT_PATHEXT): string[] {
  if (platform !== 'win32') return [command];
  const exts = pathExt
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.startsWith('.'));
  const lower = command.toLowerCase();
  if (exts.some((e) => lower.endsWith(e))) return [command];
  return exts.map((e) => command + e);
}

/** True when the command names a path rather than a bare name. */
export function hasPathSeparator(command: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' ? /[\\/]/.test(command) : command.includes('/');
}

/** The absolute path of a bare command name on PATH, or undefined. */
export async function findOnPath(command: string, opts: LookupOptions): Promise<string | undefined> {
  if (!command || hasPathSeparator(command, opts.platform)) return undefined;
  const check = opts.isExecutable ?? isExecutableFile;
  const names = candidateNames(command, opts.platform, opts.pathExt);
  const files = splitPath(opts.pathEnv, opts.platform).flatMap((dir) => names.map((name) => pathFor(opts.platform).join(dir, name)));
  // Every candidate is checked at once and the first in PATH order wins, as one by one: each check is a thread-pool
  // round trip, and a dozen PATH entries in turn were ~10 ms of every `hapyy run` start.
  const found = await Promise.all(files.map((file) => check(file, opts.platform)));
  const first = found.indexOf(true);
  return first < 0 ? undefined : files[first];
}

/** An explicit (absolute) path: the path itself, or on Windows with a PATHEXT extension added. */
export async function findExplicit(file: string, opts: Omit<LookupOptions, 'pathEnv'>): Promise<string | undefined> {
  const check = opts.isExecutable ?? isExecutableFile;
  if (await check(file, opts.platform)) return file;
  if (opts.platform !== 'win32') return undefined;
  for (const name of candidateNames(file, opts.platform, opts.pathExt)) {
    if (name !== file && (await check(name, opts.platform))) return name;
  }
  return undefined;
}
