import type { RunEndStatus } from '../../shared/jobs';
import { formatBytes } from '../../shared/format';

/** Why the runner stopped a run itself. */
export type StopReason = 'timeout' | 'cancelled' | 'shutdown' | 'output-limit' | 'memory-limit' | 'write-limit' | 'process-limit';

export const statusForStop = (reason: StopReason): RunEndStatus => (reason === 'shutdown' ? 'cancelled' : reason);

/** "50 MB", "2 GB", "1.5 GB": limits read better without a trailing ".0". */
const size = (bytes: number): string => formatBytes(bytes).replace(/\.0 /, ' ');

/** Time limits are set in seconds, so say them in seconds (up to 10 minutes), "60 s" rather than "1 min". */
const seconds = (ms: number): string => {
  const s = ms / 1000;
  if (s < 600) return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  const m = s / 60;
  return `${Number.isInteger(m) ? m : m.toFixed(1)} min`;
};

export interface MessageContext {
  status: RunEndStatus;
  stopReason: StopReason | null;
  exitCode: number | null;
  signal: string | null;
  timeoutMs: number;
  logBytes: number;
  memoryBytes: number;
  processes: number;
  fileWriteBytes: number;
  writeBytes: number;
  /** Why it could not start, in plain words, for `error`. */
  startProblem?: string | undefined;
}

/** The sentence the user reads for a finished run. System errors are kept apart (RunOutcome.systemError). */
export function outcomeMessage(c: MessageContext): string {
  switch (c.stopReason) {
    case 'timeout':
      return `The tool ran past its ${seconds(c.timeoutMs)} limit and was stopped.`;
    case 'output-limit':
      return `The tool wrote more than ${size(c.logBytes)} of output and was stopped.`;
    case 'memory-limit':
      return `The tool used more than ${size(c.memoryBytes)} of memory and was stopped.`;
    case 'write-limit':
      return `The tool wrote more than ${size(c.writeBytes)} to its run folder and was stopped.`;
    case 'process-limit':
      return `The tool started more than ${c.processes} processes and was stopped.`;
    case 'cancelled':
      return 'The run was cancelled.';
    case 'shutdown':
      return 'The run was stopped because Hapyy was closing.';
    case null:
      break;
  }
  switch (c.status) {
    case 'completed':
      return 'The tool finished without problems.';
    case 'memory-limit':
      return `The tool used more than ${size(c.memoryBytes)} of memory and was stopped.`;
    case 'process-limit':
      return `The tool started more than ${c.processes} processes and was stopped.`;
    case 'error':
      return `The tool could not be started: ${c.startProblem ?? 'an unexpected error occurred'}.`;
    default:
      if (c.signal === 'SIGXFSZ') return `The tool tried to write a file larger than ${size(c.fileWriteBytes)} and was stopped.`;
      if (c.signal) return `The tool was ended by signal ${c.signal}.`;
      return `The tool exited with code ${c.exitCode ?? 'unknown'}.`;
  }
}
