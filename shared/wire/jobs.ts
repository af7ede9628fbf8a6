import { z } from 'zod';
import { DiagnosticCountsSchema } from './diagnostics';
import { JOB_STATUSES, PRIORITIES, STREAMS, type Estimate, type JobRecord, type JobView, type OutputLine, type QueueStatus } from '../jobs';
import type { Same } from './same';

/**
 * The job domain's shapes as zod schemas, for where they cross a boundary: IPC (contract.ts) and run.json on disk.
 * Each is checked at compile time against the plain type in shared/jobs.ts, so the two cannot drift apart.
 */
export const JobStatusSchema = z.enum(JOB_STATUSES);

export const PrioritySchema = z.enum(PRIORITIES);

export const StreamSchema = z.enum(STREAMS);

export const OutputLineSchema = z.object({
  /** 1-based, contiguous per job: a subscriber can tell a gap from a duplicate. */
  seq: z.number().int().positive(),
  stream: StreamSchema,
  text: z.string(),
  /** ms since the epoch */
  ts: z.number(),
});

export const EngineInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  path: z.string(),
});

export const ProducedFileSchema = z.object({
  /** Relative to the run folder, forward slashes: `output/…` or `input/…`. */
  path: z.string(),
  size: z.number().int().min(0),
  origin: z.enum(['output', 'input-new', 'input-changed']),
});

export const ProjectRefSchema = z.object({
  name: z.string(),
  /** The path the user brought (a folder, file or zip), or the example's id for examples. */
  source: z.string(),
  kind: z.enum(['folder', 'file', 'zip', 'example']),
});

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
  diagnosticsProblem: z.string().nullable().optional(),
  peakMemoryBytes: z.number().nullable(),
  /** Protections that were in force for this run, e.g. `bubblewrap`, `cgroup-memory`, `rlimit-nproc`. */
  protections: z.array(z.string()),
  /** What the sandbox showed of the host besides the system's folders ("read-only: <engine folder>", "writable: …"). */
  sandboxExposed: z.array(z.string().max(4096)).max(64).optional(),
  /** Plain words for the user: "The tool ran past its 60 s limit and was stopped." */
  message: z.string(),
  /** A system error kept apart from the user message (spawn failure, I/O error), for the log view. */
  systemError: z.string().nullable(),
  /** The job this one re-runs, if any. */
  rerunOf: z.string().nullable(),
  /** The watch that started this run, if any (History groups a watch's runs). */
  watchId: z.string().max(128).optional(),
  /**
   * What the user should know about this run's results that is not its status: what was cut, skipped or could not
   * be read, and where the rest is. Never a silent gap. (Absent in records written before it existed.)
   */
  notes: z.array(z.string().max(2000)).max(50).default([]),
});

export const EstimateSchema = z.object({
  /** Estimated wait until start, ms: typical (median durations) and pessimistic (95th percentile). */
  waitMs: z.tuple([z.number(), z.number()]),
  /** Estimated time until finished, ms from now. */
  finishMs: z.tuple([z.number(), z.number()]),
});

export const JobViewSchema = z.object({
  record: JobRecordSchema,
  /** 1 = next to start; null when not waiting. */
  position: z.number().int().positive().nullable(),
  estimate: EstimateSchema.nullable(),
});

export const QueueStatusSchema = z.object({
  waiting: z.number().int().min(0),
  running: z.number().int().min(0),
  concurrency: z.number().int().positive(),
  capacity: z.number().int().positive(),
  paused: z.boolean(),
  /** Waiting and running jobs, in queue order, with their positions and estimates. */
  jobs: z.array(JobViewSchema),
});

// Compile-time: each schema's output is exactly its domain type (a field added to one and not the other fails here).
const sameShapes: [
  Same<z.infer<typeof JobRecordSchema>, JobRecord>,
  Same<z.infer<typeof OutputLineSchema>, OutputLine>,
  Same<z.infer<typeof EstimateSchema>, Estimate>,
  Same<z.infer<typeof JobViewSchema>, JobView>,
  Same<z.infer<typeof QueueStatusSchema>, QueueStatus>,
] = [true, true, true, true, true];
void sameShapes;
