import type { CompareResult, RunSide } from '../../../shared/compare';
import type { Diagnostic } from '../../../shared/diagnostics';
import type { JobRecord } from '../../../shared/jobs';
import { compareProduced, type FileCompareOptions } from './files';
import { compareProblems, fingerprintRun } from './problems';
import { RunReader } from './run-reader';

export { FINGERPRINT_KEY, normalizeLine, partialFingerprints, problemHash, splitFingerprint, type Locatable } from './fingerprint';
export { matchProblems, type Keyed, type Matched } from './match';
export { compareProblems, fingerprintRun, type FingerprintedProblems } from './problems';
export { compareProduced, fileDiff, type FileCompareOptions } from './files';
export { RunReader } from './run-reader';

/** One run as the compare needs it: its folder, its record, and its findings (null when the tool reports none). */
export interface RunInput {
  runDir: string;
  record: JobRecord;
  diagnostics: readonly Diagnostic[] | null;
}

/** The record's cap on produced files (services/pipeline): at the cap, the list may be incomplete. */
const RECORD_MAX_PRODUCED = 10_000;

/** The steps of a compare, in order, for a caller that shows progress (or a test that waits for one). */
export type CompareStep = 'problems-a' | 'problems-b' | 'files';

export interface CompareOptions extends FileCompareOptions {
  onStep?: (step: CompareStep) => void;
}

/** Compares run A (the older) with run B: problems, produced files, and the runs' facts. */
export async function compareRuns(a: RunInput, b: RunInput, opts: CompareOptions = {}): Promise<CompareResult> {
  const notes: string[] = [];
  if (a.record.toolId !== b.record.toolId) {
    notes.push(`These runs used different tools (${a.record.toolName}, ${b.record.toolName}); most problems will not match.`);
  }
  for (const [name, run] of [['A', a], ['B', b]] as const) {
    if (run.diagnostics === null) notes.push(`Run ${name} has no list of problems (its tool does not report them, or it did not finish).`);
    if (run.record.filesProduced.length >= RECORD_MAX_PRODUCED) {
      notes.push(`Run ${name} lists only its first ${RECORD_MAX_PRODUCED.toLocaleString('en')} produced files; files past them are not compared.`);
    }
  }
  const [ra, rb] = [new RunReader(a.runDir), new RunReader(b.runDir)];
  opts.onStep?.('problems-a');
  const fa = await fingerprintRun(ra, a.diagnostics ?? []);
  opts.onStep?.('problems-b');
  const fb = await fingerprintRun(rb, b.diagnostics ?? []);
  opts.onStep?.('files');
  const files = await compareProduced(ra, a.record.filesProduced, rb, b.record.filesProduced, opts);
  return { a: side(a.record), b: side(b.record), problems: compareProblems(fa, fb), files, notes };
}

function side(r: JobRecord): RunSide {
  return {
    jobId: r.jobId,
    toolId: r.toolId,
    toolName: r.toolName,
    projectName: r.project.name,
    status: r.status,
    exitCode: r.exitCode,
    durationMs: r.durationMs,
    finishedAt: r.finishedAt,
    engine: r.engine,
    diagnostics: r.diagnostics,
  };
}
