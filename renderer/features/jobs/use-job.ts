import { useEffect, useMemo, useState } from 'react';
import type { JobRecord, JobStatus } from '../../../shared/jobs';
import type { AppErrorShape } from '../../../shared/errors';
import { useChannel } from '../../api/use-channel';
import { useEvent } from '../../api/use-event';
import { LineStore } from '../console/line-store';

const STAGE: Record<JobStatus, number> = {
  queued: 0,
  running: 1,
  completed: 2,
  problems: 2,
  failed: 2,
  timeout: 2,
  cancelled: 2,
  'output-limit': 2,
  'memory-limit': 2,
  'process-limit': 2,
  'write-limit': 2,
  error: 2,
  interrupted: 2,
};

export interface JobState {
  record: JobRecord | null;
  store: LineStore;
  error: AppErrorShape | null;
  loading: boolean;
  reload: () => void;
}

/**
 * One job, kept live: `jobs.get` gives the record and the output so far; `job:*` events move the record on and
 * `job:output` batches append to the console store (duplicates and lines from before the snapshot are dropped).
 */
export function useJob(jobId: string | null): JobState {
  // A fresh store per job: the old one is simply dropped (its pending frame, if any, flushes into nothing).
  const store = useMemo(() => new LineStore(), [jobId]); // eslint-disable-line react-hooks/exhaustive-deps
  const detail = useChannel('jobs:get', jobId ? { jobId } : null);
  const [live, setLive] = useState<JobRecord | null>(null);

  useEvent('job:output', (batch) => {
    if (batch.jobId === jobId) store.push(batch.lines);
  });
  const onRecord = (record: JobRecord) => {
    if (record.jobId === jobId) setLive(record);
  };
  useEvent('job:queued', (view) => onRecord(view.record));
  useEvent('job:started', (view) => onRecord(view.record));
  useEvent('job:finished', onRecord);

  useEffect(() => {
    if (detail.data) store.seed(detail.data.output, detail.data.lastSeq);
  }, [detail.data, store]);

  const fetched = detail.data?.record ?? null;
  const liveForJob = live && live.jobId === jobId ? live : null;
  // Whichever has moved further along wins; at the same stage the event is the newer.
  const record = liveForJob && (!fetched || STAGE[liveForJob.status] >= STAGE[fetched.status]) ? liveForJob : fetched;
  return { record, store, error: detail.error, loading: detail.loading, reload: detail.reload };
}
