import { accessSync, constants, type Stats } from 'node:fs';
import { AppError } from '../../shared/errors';
import type { IntakeLimits } from '../../shared/settings';
import { countAllFiles, countFiles } from './count';
import { IgnoreStack } from './ignore-stack';
import { fileTooLarge, tooDeep, tooManyBytes, tooManyFiles, type Container } from './limit-errors';
import { classifyLink } from './links';
import { sortManifestEntries } from './manifest';
import { isPortableName } from './names';
import type { FsPath, RelPath } from './paths';
import { isSkippedFolder } from './skip-rules';
import type { Manifest, ManifestEntry, SkippedEntry, SkipReason } from './types';
import { walk, type WalkEntry } from './walk';

/** Lists in a summary stop growing here (the counts stay exact), so a hostile folder cannot bloat it. */
export const LIST_CAP = 1000;
/** Past the file limit, names are counted up to here for the message, then it says "more than". */
export const COUNT_CAP = 1_000_000;

export interface ScanContext {
  limits: IntakeLimits;
  /** The path the user brought, for messages and error details. */
  source: string;
  what: Container;
  signal?: AbortSignal | undefined;
  progress: (files: number, bytes: number) => void;
  /** Told each file once it has passed every check (open-and-copy.ts copies it meanwhile); the scan may still fail later. */
  accepted?: ((entry: ManifestEntry) => void) | undefined;
}

export interface ScanResult {
  manifest: Manifest;
  /** Capped at LIST_CAP entries. */
  skipped: SkippedEntry[];
  /** Exact counts per reason; 'ignored' is split into the two counts below. */
  skippedCounts: Record<CountedReason, number>;
  ignoredFolders: number;
  gitignored: number;
  /** What was left out, for the summary: first names and the files inside (counted up to LEFT_OUT_COUNT_CAP). */
  leftOut: Record<'rule' | 'gitignore', LeftOut>;
  /** Capped at LIST_CAP entries. */
  nonPortableNames: string[];
  nonPortableCount: number;
}

export interface LeftOut {
  /** The first few relative paths in code-unit order (folders end with '/'). */
  names: string[];
  files: number;
  /** The file count stopped at the cap: "at least". */
  capped: boolean;
}

/** Files counted inside left-out folders per scan, at most: a left-out node_modules must not make a scan slow. */
export const LEFT_OUT_COUNT_CAP = 50_000;
const LEFT_OUT_NAMES = 5;

export type CountedReason = Extract<SkipReason, 'link-outside' | 'link' | 'special-file' | 'unreadable'>;

/** Thrown inside the walk to switch to counting names only. */
class OverFileLimit extends Error {}

const processUid = process.getuid?.();

/**
 * Whether this process can read the file. The owner's permission bits are exactly the owner's rights (POSIX ACLs
 * leave them as they are), so a file the process owns with its read bit set needs no access() call, which on a
 * user's own project is every file. Anything else is asked with access(). What neither can see (a security module's
 * refusal, a change since the scan) shows when the copy opens the file, and fails the copy naming it (copy.ts).
 */
function readable(abs: FsPath, stat: Stats): boolean {
  if (processUid !== undefined && stat.uid === processUid && (stat.mode & 0o400) !== 0) return true;
  try {
    accessSync(abs, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Scans a folder (a real path) against the limits; throws AppError('rejected') at the first limit exceeded. */
export async function scanFolder(root: string, ctx: ScanContext): Promise<ScanResult> {
  const { limits } = ctx;
  const stack = limits.respectGitignore ? await IgnoreStack.forRoot(root, ctx.what === 'project') : null;
  const ignore = stack?.ignored ?? null;
  const realRoot = Buffer.from(root);
  const files: ManifestEntry[] = [];
  let bytes = 0;
  const result: ScanResult = {
    manifest: { files, bytes: 0 },
    skipped: [],
    skippedCounts: { 'link-outside': 0, link: 0, 'special-file': 0, unreadable: 0 },
    ignoredFolders: 0,
    gitignored: 0,
    leftOut: { rule: { names: [], files: 0, capped: false }, gitignore: { names: [], files: 0, capped: false } },
    nonPortableNames: [],
    nonPortableCount: 0,
  };

  const listSkipped = (rel: RelPath, reason: CountedReason | 'ignored'): void => {
    if (reason !== 'ignored') result.skippedCounts[reason] += 1;
    if (result.skipped.length < LIST_CAP) result.skipped.push({ path: rel.text, reason });
  };
  const notePortability = (e: WalkEntry): void => {
    if (isPortableName(e.name, e.nameRaw)) return;
    result.nonPortableCount += 1;
    if (result.nonPortableNames.length < LIST_CAP) result.nonPortableNames.push(e.rel.text);
  };

  const leftOutFolders: { why: 'rule' | 'gitignore'; abs: WalkEntry['abs'] }[] = [];
  const leaveOut = (e: WalkEntry, why: 'rule' | 'gitignore', isDir: boolean): void => {
    const l = result.leftOut[why];
    if (l.names.length < LIST_CAP) l.names.push(isDir ? `${e.rel.text}/` : e.rel.text);
    if (isDir) leftOutFolders.push({ why, abs: e.abs });
    else l.files += 1;
    listSkipped(e.rel, 'ignored');
  };

  const visitFolder = async (e: WalkEntry, siblings: readonly string[]): Promise<boolean> => {
    if (isSkippedFolder(e.name, siblings, e.depth)) {
      result.ignoredFolders += 1;
      leaveOut(e, 'rule', true);
      return false;
    }
    if (ignore?.(e.rel.text, true)) {
      result.gitignored += 1;
      leaveOut(e, 'gitignore', true);
      return false;
    }
    if (e.depth > limits.depth) throw tooDeep(e.rel.text, e.depth, limits.depth);
    notePortability(e);
    stack?.enter(e.rel.text, e.abs);
    return true;
  };

  const visitFile = async (e: WalkEntry): Promise<boolean> => {
    if (ignore?.(e.rel.text, false)) {
      result.gitignored += 1;
      leaveOut(e, 'gitignore', false);
      return false;
    }
    let stat: Stats;
    if (e.stat.isFile()) {
      stat = e.stat;
    } else if (e.stat.isSymbolicLink()) {
      const verdict = await classifyLink(e.abs, realRoot);
      if (verdict.kind === 'skip') {
        listSkipped(e.rel, verdict.reason);
        return false;
      }
      stat = verdict.stat;
    } else {
      listSkipped(e.rel, 'special-file'); // FIFO, socket, device: only lstat-ed, never opened
      return false;
    }
    if (e.depth > limits.depth) throw tooDeep(e.rel.text, e.depth, limits.depth);
    if (!readable(e.abs, stat)) {
      listSkipped(e.rel, 'unreadable');
      return false;
    }
    if (stat.size > limits.fileBytes) throw fileTooLarge(e.rel.text, stat.size, limits.fileBytes);
    const entry: ManifestEntry = {
      path: e.rel.text,
      ...(e.rel.raw ? { rawPath: e.rel.raw.toString('base64') } : {}),
      size: stat.size,
      mode: stat.mode,
      mtimeMs: stat.mtimeMs,
    };
    files.push(entry);
    bytes += stat.size;
    if (files.length > limits.files) throw new OverFileLimit();
    if (bytes > limits.totalBytes) throw tooManyBytes(ctx.what, bytes, limits.totalBytes, ctx.source);
    notePortability(e);
    ctx.accepted?.(entry);
    ctx.progress(files.length, bytes);
    return false;
  };

  try {
    await walk(root, {
      signal: ctx.signal,
      visit: (e, siblings) => (e.stat.isDirectory() ? visitFolder(e, siblings) : visitFile(e)),
      unreadable: (rel) => {
        if (rel === null) throw new AppError('rejected', `This folder cannot be read: ${ctx.source}`, { path: ctx.source });
        listSkipped(rel, 'unreadable');
      },
    });
  } catch (err) {
    if (!(err instanceof OverFileLimit)) throw err;
    const cap = Math.max(COUNT_CAP, limits.files);
    const count = await countFiles(root, { ignore, maxDepth: limits.depth, stopAfter: cap + 1, signal: ctx.signal });
    throw tooManyFiles(ctx.what, Math.max(count, limits.files + 1), limits.files, ctx.source, count > cap);
  }
  await countLeftOut(result.leftOut, leftOutFolders, ctx.signal);
  sortManifestEntries(files);
  result.manifest.bytes = bytes;
  return result;
}

/** Files inside the left-out folders, so the summary can say how much was left out, not only how many folders. */
async function countLeftOut(
  leftOut: ScanResult['leftOut'],
  folders: readonly { why: 'rule' | 'gitignore'; abs: WalkEntry['abs'] }[],
  signal: AbortSignal | undefined,
): Promise<void> {
  // The walk visits a folder's entries concurrently: sort so the summary names the same ones every time.
  for (const l of Object.values(leftOut)) l.names = l.names.sort().slice(0, LEFT_OUT_NAMES);
  let budget = LEFT_OUT_COUNT_CAP;
  for (const f of folders) {
    const l = leftOut[f.why];
    if (budget <= 0) {
      l.capped = true;
      continue;
    }
    const n = await countAllFiles(f.abs, budget, signal);
    budget -= n;
    l.files += n;
    if (budget <= 0) l.capped = true;
  }
}
