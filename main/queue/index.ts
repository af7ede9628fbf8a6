export { QueueService } from './queue-service';
export type { ExecuteContext, ExecuteResult, Executor, JobSpec, Preparer, QueueOptions } from './types';
export { estimateQueue, remainingFromSamples, remainingMs, type EstimateInput, type RunningJob, type WaitingJob } from './estimates';
export { DurationStats, percentile, DEFAULT_DURATION_MS, type Durations } from './durations';
export { ClientLimits, HOUR_MS } from './client-limits';
export { formatClockTime } from './clock-time';
export { createJobId } from './job-id';
export { finishRecord, interruptRecord, newRecord } from './job-record';
