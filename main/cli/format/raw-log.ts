import { join } from 'node:path';
import { readLogOutput } from '../../runner';
import { RUN_LAYOUT } from '../../store/layout';
import type { CliIo } from '../io';

/** run.log's layout is the runner's business (main/runner/run-log.ts); this reads it through the runner's reader. */
const LOG_FILE = RUN_LAYOUT.log;

export interface RawCopy {
  /** Records that were not in the expected layout (counted, never guessed at). */
  malformed: number;
  /** The runner's own notes (limits hit, output cut), to be said as notes rather than mixed into the tool's output. */
  notes: string[];
}

/**
 * `--raw`: the engine's output exactly as it wrote it, from run.log (the full log, not the live events, which are
 * batched and may be thinned under heavy output). stdout and stderr go to the CLI's own stdout and stderr.
 */
export async function copyRawOutput(runDir: string, io: CliIo): Promise<RawCopy> {
  const result: RawCopy = { malformed: 0, notes: [] };
  try {
    for await (const { stream, text } of readLogOutput(join(runDir, LOG_FILE), result)) {
      if (stream === 'stdout') io.stdout(text);
      else if (stream === 'stderr') io.stderr(text);
      else result.notes.push(text);
    }
  } catch (error) {
    // No log (the job never started) yields nothing; anything else is said.
    result.notes.push(`run.log could not be read: ${(error as Error).message}`);
  }
  return result;
}
