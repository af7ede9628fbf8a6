import type { DiagnosticCounts } from './diagnostics';

/**
 * The job domain as plain TypeScript: what the engine, the CLI and the renderer all speak. The zod schemas that check
 * these shapes where they cross a boundary (IPC, run.json on disk) live in shared/wire/jobs.ts, typed against these.
 */
export const JOB_STATUSES = [
  'queued',
  'running',
  'completed',
  /** The tool ran and reported problems: that is the tool's success, not a failure. */
  'problems',
  /** The tool itself broke: a crash, a usage error, a non-zero exit that is not about findings. */
  'failed',
  'timeout',
  'cancelled',
  'output-limit',
  'memory-limit',
  'process-limit',
  'write-limit',
  'error',
  'interrupted',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type RunEndStatus = Exclude<JobStatus, 'queued' | 'running' | 'interrupted'>;

export const ACTIVE_STATUSES: ReadonlySet<JobStatus> = new Set(['queued', 'running']);
export const isActive = (s: JobStatus): boolean => ACTIVE_STATUSES.has(s);
export const LIMIT_STATUSES: ReadonlySet<JobStatus> = new Set(['timeout', 'output-limit', 'memory-limit', 'process-limit', 'write-limit']);

/** What an active job's record says when there is nothing more to say than its status. */
export const WAITING_MESSAGE = 'Waiting for a free slot.';
export const RUNNING_MESSAGE = 'Running.';

/** What an active job's message adds to its status (a pool job's waiting reason, its worker), or null. */
export function activeNote(record: { status: JobStatus; message: string }): string | null {
  if (!isActive(record.status) || record.message === WAITING_MESSAGE || record.message === RUNNING_MESSAGE || !record.message) return null;
  return record.message;
}

export const PRIORITIES = ['interactive', 'batch'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STREAMS = ['stdout', 'stderr', 'system'] as const;
export type Stream = (typeof STREAMS)[number];

export interface OutputLine {
  /** 1-based, contiguous per job: a subscriber can tell a gap from a duplicate. */
  seq: number;
  stream: Stream;
  text: string;
  /** ms since the epoch */
  ts: number;
}

export interface EngineInfo {
  id: string;
  name: string;
  version: string;
  path: string;
}

export interface ProducedFile {
  /** Relative to the run folder, forward slashes: `output/…` or `input/…`. */
  path: string;
  size: number;
  origin: 'output' | 'input-new' | 'input-changed';
}

export interface ProjectRef {
  name: string;
  /** The path the user brought (a folder, file or zip), or the example's id for examples. */
  source: string;
  kind: 'folder' | 'file' | 'zip' | 'example';
}

/** The job record: written to run.json and the history, sent in events. */
export interface JobRecord {
  jobId: string;
  clientId: string;
  toolId: string;
  toolName: string;
  project: ProjectRef;
  priority: Priority;
  status: JobStatus;
  engine: EngineInfo | null;
  timeoutSec: number;
  queuedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  outputLines: number;
  outputBytes: number;
  truncated: boolean;
  filesProduced: ProducedFile[];
  diagnostics: DiagnosticCounts | null;
  /**
   * Set when the findings are not everything the engine would have reported, in plain words: it was stopped or
   * crashed part-way, or part of its report could not be read. Absent in records from before this existed.
   */
  diagnosticsProblem?: string | null | undefined;
  peakMemoryBytes: number | null;
  /** Protections that were in force for this run, e.g. `bubblewrap`, `cgroup-memory`, `rlimit-fsize`. */
  protections: string[];
  /** What the sandbox showed of the host besides the system's folders ("read-only: <engine folder>", "writable: …"). */
  sandboxExposed?: string[] | undefined;
  /** Plain words for the user: "The tool ran past its 60 s limit and was stopped." */
  message: string;
  /** A system error kept apart from the user message (spawn failure, I/O error), for the log view. */
  systemError: string | null;
  /** The job this one re-runs, if any. */
  rerunOf: string | null;
  /**
   * What the user should know about this run's results that is not its status: what was cut, skipped or could not
   * be read, and where the rest is. Never a silent gap.
   */
  notes: string[];
  /** The watch that started this run, if any (History groups a watch's runs). */
  watchId?: string | undefined;
}

export interface Estimate {
  /** Estimated wait until start, ms: typical (median durations) and pessimistic (95th percentile). */
  waitMs: [number, number];
  /** Estimated time until finished, ms from now. */
  finishMs: [number, number];
}

export interface JobView {
  record: JobRecord;
  /** 1 = next to start; null when not waiting. */
  position: number | null;
  estimate: Estimate | null;
}

export interface QueueStatus {
  waiting: number;
  running: number;
  concurrency: number;
  capacity: number;
  paused: boolean;
  /** Waiting and running jobs, in queue order, with their positions and estimates. */
  jobs: JobView[];
}
