import { z } from 'zod';
import { DiagnosticCountsSchema } from './diagnostics';

export const JOB_STATUSES = [
  'queued',
  'running',
  'completed',
  'failed',
  'timeout',
  'cancelled',
  'output-limit',
  'memory-limit',
  'error',
  'interrupted',
] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;
export type RunEndStatus = Exclude<JobStatus, 'queued' | 'running' | 'interrupted'>;

export const ACTIVE_STATUSES: ReadonlySet<JobStatus> = new Set(['queued', 'running']);
export const isActive = (s: JobStatus): boolean => ACTIVE_STATUSES.has(s);
export const LIMIT_STATUSES: ReadonlySet<JobStatus> = new Set(['timeout', 'output-limit', 'memory-limit']);

export const PrioritySchema = z.enum(['interactive', 'batch']);
export type Priority = z.infer<typeof PrioritySchema>;

export const StreamSchema = z.enum(['stdout', 'stderr', 'system']);
export type Stream = z.infer<typeof StreamSchema>;

export const OutputLineSchema = z.object({
  /** 1-based, contiguous per job: a subscriber can tell a gap from a duplicate. */
  seq: z.number().int().positive(),
  stream: StreamSchema,
  text: z.string(),
  /** ms since the epoch */
  ts: z.number(),
});
export type OutputLine = z.infer<typeof OutputLineSchema>;

export const EngineInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  path: z.string(),
});
export type EngineInfo = z.infer<typeof EngineInfoSchema>;

export const ProducedFileSchema = z.object({
  /** Relative to the run folder, forward slashes: `output/…` or `input/…`. */
  path: z.string(),
  size: z.number().int().min(0),
  origin: z.enum(['output', 'input-new', 'input-changed']),
});
export type ProducedFile = z.infer<typeof ProducedFileSchema>;

export const ProjectRefSchema = z.object({
  name: z.string(),
  /** The path the user brought (a folder, file or zip), or the example's id for examples. */
  source: z.string(),
  kind: z.enum(['folder', 'file', 'zip', 'example']),
});
export type ProjectRef = z.infer<typeof ProjectRefSchema>;

/** The job record (ExecutionResponse): written to run.json and the history, sent in events. */
export const JobRecordSchema = z.object({
  jobId: z.string(),
  clientId: z.string(),
  toolId: z.string(),
  toolName: z.string(),
  project: ProjectRefSchema,
  priority: PrioritySchema,
  status: JobStatusSchema,
  engine: EngineInfoSchema.nullable(),
  timeoutSec: z.number(),
  queuedAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  outputLines: z.number().int().min(0),
  outputBytes: z.number().int().min(0),
  truncated: z.boolean(),
  filesProduced: z.array(ProducedFileSchema),
  diagnostics: DiagnosticCountsSchema.nullable(),
  peakMemoryBytes: z.number().nullable(),
  /** Protections that were in force for this run, e.g. `bubblewrap`, `cgroup-memory`, `rlimit-nproc`. */
  protections: z.array(z.string()),
  /** Plain words for the user: "The tool ran past its 60 s limit and was stopped." */
  message: z.string(),
  /** A system error kept apart from the user message (spawn failure, I/O error), for the log view. */
  systemError: z.string().nullable(),
  /** The job this one re-runs, if any. */
  rerunOf: z.string().nullable(),
  /** The watch that started this run, if any (History groups a watch's runs). */
  watchId: z.string().max(128).optional(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

export const EstimateSchema = z.object({
  /** Estimated wait until start, ms: typical (median durations) and pessimistic (90th percentile). */
  waitMs: z.tuple([z.number(), z.number()]),
  /** Estimated time until finished, ms from now. */
  finishMs: z.tuple([z.number(), z.number()]),
});
export type Estimate = z.infer<typeof EstimateSchema>;

export const JobViewSchema = z.object({
  record: JobRecordSchema,
  /** 1 = next to start; null when not waiting. */
  position: z.number().int().positive().nullable(),
  estimate: EstimateSchema.nullable(),
});
export type JobView = z.infer<typeof JobViewSchema>;

export const QueueStatusSchema = z.object({
  waiting: z.number().int().min(0),
  running: z.number().int().min(0),
  concurrency: z.number().int().positive(),
  capacity: z.number().int().positive(),
  paused: z.boolean(),
  /** Waiting and running jobs, in queue order, with their positions and estimates. */
  jobs: z.array(JobViewSchema),
});
export type QueueStatus = z.infer<typeof QueueStatusSchema>;
