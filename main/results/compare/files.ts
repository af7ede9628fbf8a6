import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '../../../shared/compare';
import type { ProducedFile } from '../../../shared/jobs';
import { openInRun } from '../safe-open';
import { locateInRun } from '../safe-path';
import { SNIFF_BYTES, decodeText, looksBinary } from '../text-sniff';

export interface FileCompareOptions {
  /** A text file larger than this (either side) is compared by content but not diffed. */
  maxDiffFileBytes?: number;
  /** Total size of all diffs in one compare; later files get no diff (and say so). */
  maxDiffTotalBytes?: number;
  /** Files compared by content at most this size each; larger ones are compared by size alone. */
  maxCompareBytes?: number;
}

export const DEFAULT_MAX_DIFF_FILE_BYTES = 256 * 1024;
export const DEFAULT_MAX_DIFF_TOTAL_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_COMPARE_BYTES = 16 * 1024 * 1024;
const PARALLEL = 8;

/**
 * The files two runs produced, by run-relative path: added in B, removed since A, changed (with a unified diff for
 * text). Files are read through the same no-link rules as previews; one that cannot be read counts as binary.
 */
export async function compareProduced(
  runDirA: string,
  filesA: readonly ProducedFile[],
  runDirB: string,
  filesB: readonly ProducedFile[],
  opts: FileCompareOptions = {},
): Promise<{ changes: FileChange[]; unchanged: number }> {
  const maxFile = opts.maxDiffFileBytes ?? DEFAULT_MAX_DIFF_FILE_BYTES;
  const maxCompare = opts.maxCompareBytes ?? DEFAULT_MAX_COMPARE_BYTES;
  let budget = opts.maxDiffTotalBytes ?? DEFAULT_MAX_DIFF_TOTAL_BYTES;
  const inA = new Map(filesA.map((f) => [f.path, f]));
  const inB = new Map(filesB.map((f) => [f.path, f]));
  const changes: FileChange[] = [];
  const oneSidedTasks = [
    ...filesA.filter((f) => !inB.has(f.path)).map((f) => async () => changes.push(await oneSided(runDirA, f, 'removed'))),
    ...filesB.filter((f) => !inA.has(f.path)).map((f) => async () => changes.push(await oneSided(runDirB, f, 'added'))),
  ];
  await inParallel(oneSidedTasks);

  const both = filesB.filter((f) => inA.has(f.path)).sort((x, y) => (x.path < y.path ? -1 : 1));
  const results: (FileChange | null)[] = new Array<FileChange | null>(both.length).fill(null);
  await inParallel(
    both.map((f, i) => async () => {
      const [x, y] = await Promise.all([readSide(runDirA, f.path, maxCompare), readSide(runDirB, f.path, maxCompare)]);
      results[i] = sameContent(x, y) ? null : changed(f.path, x, y);
    }),
  );

  // Diffs in path order, each pair read again (nothing is held between the passes), until the budget is spent.
  for (const change of results) {
    if (!change) continue;
    if (change.kind === 'text') {
      if (Math.max(change.sizeA ?? 0, change.sizeB ?? 0) > maxFile) change.diffNote = `Too large to show a difference (over ${Math.round(maxFile / 1024)} KB).`;
      else if (budget <= 0) change.diffNote = 'Not shown: this compare already shows as many differences as it can.';
      else {
        const [x, y] = await Promise.all([readSide(runDirA, change.path, maxFile), readSide(runDirB, change.path, maxFile)]);
        const diff = x.bytes && y.bytes ? unifiedDiff(change.path, x.bytes, y.bytes) : null;
        if (diff === null) change.diffNote = x.bytes && y.bytes ? 'Too many differences to show.' : 'The file changed while it was being compared.';
        else {
          change.diff = diff;
          budget -= diff.length;
        }
      }
    }
    changes.push(change);
  }
  changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { changes, unchanged: results.filter((r) => r === null).length };
}

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

async function inParallel(tasks: (() => Promise<unknown>)[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<unknown>)();
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, tasks.length) }, worker));
}

/** A file only one run has: its size, and whether its first bytes look like text. */
async function oneSided(runDir: string, f: ProducedFile, change: 'added' | 'removed'): Promise<FileChange> {
  const head = await readHead(runDir, f.path);
  const kind = head !== null && !looksBinary(head) ? 'text' : 'binary';
  return { path: f.path, change, sizeA: change === 'removed' ? f.size : null, sizeB: change === 'added' ? f.size : null, kind, diff: null, diffNote: null };
}

function sameContent(x: Side, y: Side): boolean {
  if (x.size !== y.size) return false;
  if (!x.bytes || !y.bytes) return true; // too large to read: equal sizes are all we can tell
  return x.bytes.equals(y.bytes);
}

function changed(path: string, x: Side, y: Side): FileChange {
  const text = !x.binary && !y.binary && x.bytes !== null && y.bytes !== null;
  return { path, change: 'changed', sizeA: x.size, sizeB: y.size, kind: text ? 'text' : 'binary', diff: null, diffNote: null };
}

/** The first bytes of a file (what the text/binary decision looks at), or null when it cannot be read. */
async function readHead(runDir: string, rel: string): Promise<Buffer | null> {
  try {
    const at = await locateInRun(runDir, rel);
    if (!at.stat.isFile()) return null;
    const { handle } = await openInRun(at.abs, at.root, at.stat);
    try {
      const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, at.stat.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

async function readSide(runDir: string, rel: string, maxBytes: number): Promise<Side> {
  try {
    const at = await locateInRun(runDir, rel);
    if (!at.stat.isFile()) return { size: at.stat.size, bytes: null, binary: true };
    if (at.stat.size > maxBytes) return { size: at.stat.size, bytes: null, binary: true };
    const { handle } = await openInRun(at.abs, at.root, at.stat);
    try {
      const bytes = await handle.readFile();
      return { size: bytes.length, bytes, binary: looksBinary(bytes) };
    } finally {
      await handle.close();
    }
  } catch {
    return { size: 0, bytes: null, binary: true };
  }
}
