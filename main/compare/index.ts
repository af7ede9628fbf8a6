import type { CompareResult } from '../../shared/compare';
import type { JobRecord } from '../../shared/jobs';
import { compareRuns, type FileCompareOptions } from '../results/compare';
import { readDiagnostics } from '../registry';
import { findFinished, type CompareDeps } from './runs';

export type { CompareDeps } from './runs';

/**
 * Compare two finished runs by job id (A the older, B the newer) in this thread, whole, diffs included: the CLI's
 * `hapyy compare`. The window uses CompareService (a worker thread, paged); both run the same engine (compareRuns).
 */
export async function compareJobs(deps: CompareDeps, jobA: string, jobB: string, opts: FileCompareOptions = {}): Promise<CompareResult> {
  const [a, b] = findFinished(deps, jobA, jobB);
  const input = async (record: JobRecord) => {
    const runDir = deps.runDir(record.jobId);
    return { runDir, record, diagnostics: record.diagnostics === null ? null : await readDiagnostics(runDir) };
  };
  return compareRuns(await input(a), await input(b), opts);
}
