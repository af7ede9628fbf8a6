import type { OutputLine, RunEndStatus } from '../../shared/jobs';
import type { RunLimits } from '../../shared/settings';

export interface RunRequest {
  jobId: string;
  /** Absolute; already holds input/ (the private copy). The runner creates output/, tmp/, home/ and run.log. */
  runDir: string;
  /** Absolute path of the executable (resolved by the registry). */
  command: string;
  /** Placeholders already expanded. */
  args: string[];
  /** Working folder, inside input/ (an engine that runs in a subfolder, e.g. a Rust crate's); default input/. */
  cwd?: string;
  /** Extra variables for this engine, added to the allow-list environment. */
  env?: Record<string, string>;
  timeoutMs: number;
  limits: RunLimits;
  /** Use bubblewrap when available (Linux). */
  sandbox: boolean;
  /** More paths the tool may read (the sandbox binds them read-only): the engine's context outside input/. */
  extraReadOnly?: string[];
  /** Abort = cancel: the run ends as 'cancelled'. */
  signal?: AbortSignal;
  /** Lines as they arrive (the queue batches them for IPC). */
  onOutput?: (lines: OutputLine[]) => void;
  /** Clock for timestamps. */
  now?: () => number;
}

export interface RunOutcome {
  status: RunEndStatus;
  exitCode: number | null;
  signal: string | null;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  /** Lines numbered so far (tool and runner lines): the last sequence number. */
  outputLines: number;
  /** Bytes the tool wrote to its pipes, including any past the log cap. */
  outputBytes: number;
  /** The log was cut (output limit) or could not be written: run.log does not hold everything the tool printed. */
  truncated: boolean;
  /** The last limits.outputLinesKept lines (made into strings when first read). */
  readonly tail: OutputLine[];
  peakMemoryBytes: number | null;
  /** Protection ids in force for this run (see PROTECTION). */
  protections: string[];
  /** What the sandbox policy showed of the host besides the system's folders; empty without a sandbox. */
  sandboxExposed: string[];
  /** Plain words for the user. */
  message: string;
  /** The runner ended the run itself (a limit, a cancel, shutdown): its exit code and signal are not the tool's verdict. */
  stopped?: boolean;
  /** A system error (spawn ENOENT, I/O error), kept apart from the message. */
  systemError: string | null;
}
