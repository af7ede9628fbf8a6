import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '../../../shared/compare';
import type { ProducedFile } from '../../../shared/jobs';
import { SNIFF_BYTES, decodeText, looksBinary } from '../text-sniff';
import { readerFor, type RunReader } from './run-reader';

export interface FileCompareOptions {
  /** A text file larger than this (either side) is compared by content but not diffed. */
  maxDiffFileBytes?: number;
  /** Total size of all diffs in one compare; later files get no diff (and say so). */
  maxDiffTotalBytes?: number;
  /** Files compared by content at most this size each; larger ones are compared by size alone. */
  maxCompareBytes?: number;
  /**
   * Diff every changed text file now (default true: the CLI prints them). The window asks for one file's diff when
   * it is opened (`fileDiff`), so a compare of 20,000 files does not diff them all up front.
   */
  diffs?: boolean;
}

export const DEFAULT_MAX_DIFF_FILE_BYTES = 256 * 1024;
export const DEFAULT_MAX_DIFF_TOTAL_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_COMPARE_BYTES = 16 * 1024 * 1024;

/**
 * The files two runs produced, by run-relative path: added in B, removed since A, changed (with a unified diff for
 * text, unless `diffs` is false). Files are read through the same no-link rules as previews (RunReader); one that
 * cannot be read counts as binary. One pass over each list with Maps: no pairwise matching.
 */
export async function compareProduced(
  dirA: string | RunReader,
  filesA: readonly ProducedFile[],
  dirB: string | RunReader,
  filesB: readonly ProducedFile[],
  opts: FileCompareOptions = {},
): Promise<{ changes: FileChange[]; unchanged: number }> {
  const [runA, runB] = [readerFor(dirA), readerFor(dirB)];
  const maxFile = opts.maxDiffFileBytes ?? DEFAULT_MAX_DIFF_FILE_BYTES;
  const maxCompare = opts.maxCompareBytes ?? DEFAULT_MAX_COMPARE_BYTES;
  let budget = opts.maxDiffTotalBytes ?? DEFAULT_MAX_DIFF_TOTAL_BYTES;
  const inA = new Set(filesA.map((f) => f.path));
  const inB = new Set(filesB.map((f) => f.path));
  const changes: FileChange[] = [];
  for (const f of filesA) if (!inB.has(f.path)) changes.push(await oneSided(runA, f, 'removed'));
  for (const f of filesB) if (!inA.has(f.path)) changes.push(await oneSided(runB, f, 'added'));

  let unchanged = 0;
  const changed: FileChange[] = [];
  for (const f of filesB) {
    if (!inA.has(f.path)) continue;
    const [x, y] = [await readSide(runA, f.path, maxCompare), await readSide(runB, f.path, maxCompare)];
    if (sameContent(x, y)) unchanged += 1;
    else changed.push(changedFile(f.path, x, y));
  }
  changed.sort(byPath);

  // Diffs in path order, each pair read again (nothing is held between the passes), until the budget is spent.
  for (const change of changed) {
    if (opts.diffs !== false && change.kind === 'text') {
      if (budget <= 0 && Math.max(change.sizeA ?? 0, change.sizeB ?? 0) <= maxFile) {
        change.diffNote = 'Not shown: this compare already shows as many differences as it can.';
      } else {
        Object.assign(change, await fileDiff(runA, runB, change, maxFile));
        budget -= change.diff?.length ?? 0;
      }
    }
    changes.push(change);
  }
  changes.sort(byPath);
  return { changes, unchanged };
}

/** One changed text file's unified diff (or why there is none), read afresh from both runs. */
export async function fileDiff(
  runA: RunReader,
  runB: RunReader,
  change: Pick<FileChange, 'path' | 'change' | 'kind' | 'sizeA' | 'sizeB'>,
  maxFile = DEFAULT_MAX_DIFF_FILE_BYTES,
): Promise<Pick<FileChange, 'diff' | 'diffNote'>> {
  if (change.change !== 'changed' || change.kind !== 'text') return { diff: null, diffNote: null };
  if (Math.max(change.sizeA ?? 0, change.sizeB ?? 0) > maxFile) {
    return { diff: null, diffNote: `Too large to show a difference (over ${Math.round(maxFile / 1024)} KB).` };
  }
  const [x, y] = [await runA.read(change.path, maxFile), await runB.read(change.path, maxFile)];
  if (!x?.bytes || !y?.bytes) return { diff: null, diffNote: 'The file changed while it was being compared.' };
  const diff = unifiedDiff(change.path, x.bytes, y.bytes);
  return diff === null ? { diff: null, diffNote: 'Too many differences to show.' } : { diff, diffNote: null };
}

const byPath = (x: FileChange, y: FileChange) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0);

/** Bounds the diff's own work: two very different large files would otherwise take seconds of Myers' algorithm. */
const MAX_EDIT_LENGTH = 20_000;

function unifiedDiff(path: string, a: Buffer, b: Buffer): string | null {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, decodeText(a), decodeText(b), undefined, undefined, { maxEditLength: MAX_EDIT_LENGTH }) ?? null;
}

interface Side {
  size: number;
  /** The whole content, or null when the file is too large to read, unreadable or not a regular file. */
  bytes: Buffer | null;
  binary: boolean;
}

/** A file only one run has: its size, and whether its first bytes look like text. */
async function oneSided(run: RunReader, f: ProducedFile, change: 'added' | 'removed'): Promise<FileChange> {
  const head = await run.head(f.path, SNIFF_BYTES);
  const kind = head !== null && !looksBinary(head) ? 'text' : 'binary';
  return { path: f.path, change, sizeA: change === 'removed' ? f.size : null, sizeB: change === 'added' ? f.size : null, kind, diff: null, diffNote: null };
}

function sameContent(x: Side, y: Side): boolean {
  if (x.size !== y.size) return false;
  if (!x.bytes || !y.bytes) return true; // too large to read: equal sizes are all we can tell
  return x.bytes.equals(y.bytes);
}

function changedFile(path: string, x: Side, y: Side): FileChange {
  const text = !x.binary && !y.binary && x.bytes !== null && y.bytes !== null;
  return { path, change: 'changed', sizeA: x.size, sizeB: y.size, kind: text ? 'text' : 'binary', diff: null, diffNote: null };
}

async function readSide(run: RunReader, rel: string, maxBytes: number): Promise<Side> {
  const got = await run.read(rel, maxBytes);
  if (!got) return { size: 0, bytes: null, binary: true };
  return { size: got.size, bytes: got.bytes, binary: got.bytes === null || looksBinary(got.bytes) };
}
