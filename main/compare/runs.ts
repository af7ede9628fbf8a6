import { AppError } from '../../shared/errors';
import { isActive, type JobRecord } from '../../shared/jobs';

/** What the compare use case needs: the jobs a caller may see, and where their run folders are. */
export interface CompareDeps {
  records(): readonly JobRecord[];
  runDir(jobId: string): string;
}

/** Both runs' records: two different, existing, finished runs (or the error the user sees). */
export function findFinished(deps: CompareDeps, jobA: string, jobB: string): [JobRecord, JobRecord] {
  if (jobA === jobB) throw new AppError('invalid-input', 'Pick two different runs to compare.');
  return [find(deps, jobA), find(deps, jobB)];
}

function find(deps: CompareDeps, jobId: string): JobRecord {
  const record = deps.records().find((r) => r.jobId === jobId);
  if (!record) throw new AppError('not-found', `There is no run “${jobId}” (it may have been deleted).`);
  if (isActive(record.status)) throw new AppError('invalid-input', `Run “${jobId}” has not finished yet; compare it when it has.`);
  return record;
}
