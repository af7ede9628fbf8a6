import { randomUUID } from 'node:crypto';
import {
  COMPARE_PAGE_SIZE,
  openedCompare,
  pageOf,
  type CompareOpened,
  type CompareResult,
  type FileDiff,
  type FilePage,
  type ProblemPage,
  type ProblemState,
} from '../../shared/compare';
import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/jobs';
import { compareRuns, fileDiff, RunReader, type CompareStep } from '../results/compare';
import { readDiagnostics } from '../registry/diagnostics/store';

/** One run as the compare engine is told about it: its folder and record (its findings are read where it runs). */
export interface RunRef {
  runDir: string;
  record: JobRecord;
}

/**
 * Compares computed for the window and held for paging. A held compare is ~40 MB at 100,000 problems, so only the
 * newest few are kept: an older one's pages answer `not-found` (the view offers to compare again).
 */
export const MAX_HELD_COMPARES = 4;

interface Held {
  result: CompareResult;
  a: RunReader;
  b: RunReader;
}

/** Lives in the compare worker (main/compare/worker-entry.ts); plain data in, plain data out. */
export class HeldCompares {
  private readonly held = new Map<string, Held>();

  constructor(private readonly max = MAX_HELD_COMPARES) {}

  async open(a: RunRef, b: RunRef, onStep?: (step: CompareStep) => void): Promise<CompareOpened> {
    const input = async (run: RunRef) => ({ ...run, diagnostics: run.record.diagnostics === null ? null : await readDiagnostics(run.runDir) });
    // No diffs up front: the window asks for one file's diff when it opens that file (`diff`).
    const result = await compareRuns(await input(a), await input(b), { diffs: false, ...(onStep ? { onStep } : {}) });
    const compareId = randomUUID();
    this.held.set(compareId, { result, a: new RunReader(a.runDir), b: new RunReader(b.runDir) });
    for (const id of this.held.keys()) {
      if (this.held.size <= this.max) break;
      this.held.delete(id); // Map order is insertion order: the oldest goes first
    }
    return openedCompare(compareId, result);
  }

  problems(compareId: string, state: ProblemState, offset: number, limit = COMPARE_PAGE_SIZE): ProblemPage {
    return pageOf(this.get(compareId).result.problems[state], offset, limit);
  }

  files(compareId: string, offset: number, limit = COMPARE_PAGE_SIZE): FilePage {
    return pageOf(this.get(compareId).result.files.changes, offset, limit);
  }

  async diff(compareId: string, path: string): Promise<FileDiff> {
    const held = this.get(compareId);
    const change = held.result.files.changes.find((f) => f.path === path);
    if (!change) throw new AppError('not-found', `“${path}” is not among the files this compare found changed.`, { path });
    return fileDiff(held.a, held.b, change);
  }

  private get(compareId: string): Held {
    const held = this.held.get(compareId);
    if (!held) throw new AppError('not-found', 'This compare is no longer held (newer compares replaced it). Compare the runs again.');
    return held;
  }
}
