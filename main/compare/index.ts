import type { CompareResult } from '../../shared/compare';
import { AppError } from '../../shared/errors';
import { isActive, type JobRecord } from '../../shared/jobs';
import { compareRuns, type FileCompareOptions } from '../results/compare';
import { readDiagnostics } from '../registry';

/** What the compare use case needs: the jobs a caller may see, and where their run folders are. */
export interface CompareDeps {
  records(): readonly JobRecord[];
  runDir(jobId: string): string;
}

/**
 * Compare two finished runs by job id (A the older, B the newer), for the window and the CLI alike. `find` decides
 * what the caller may see (the IPC handlers pass their job-access rule; the CLI sees the whole data folder).
 */
export async function compareJobs(deps: CompareDeps, jobA: string, jobB: string, opts: FileCompareOptions = {}): Promise<CompareResult> {
  if (jobA === jobB) throw new AppError('invalid-input', 'Pick two different runs to compare.');
  const [a, b] = [find(deps, jobA), find(deps, jobB)];
  const input = async (record: JobRecord) => {
    const runDir = deps.runDir(record.jobId);
    return { runDir, record, diagnostics: record.diagnostics === null ? null : await readDiagnostics(runDir) };
  };
  return compareRuns(await input(a), await input(b), opts);
}

function find(deps: CompareDeps, jobId: string): JobRecord {
  const record = deps.records().find((r) => r.jobId === jobId);
  if (!record) throw new AppError('not-found', `There is no run “${jobId}” (it may have been deleted).`);
  if (isActive(record.status)) throw new AppError('invalid-input', `Run “${jobId}” has not finished yet; compare it when it has.`);
  return record;
}
