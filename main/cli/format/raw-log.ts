import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { RUN_LAYOUT } from '../../store/layout';
import type { CliIo } from '../io';

/** run.log's record layout is defined in main/runner/run-log.ts: seq TAB ts TAB stream TAB end TAB text. */
const LOG_FILE = RUN_LAYOUT.log;
const END_TEXT: Record<string, string> = { n: '\n', r: '\r\n', c: '', e: '' };

export interface RawCopy {
  /** Records that were not in the expected layout (counted, never guessed at). */
  malformed: number;
  /** The runner's own notes (limits hit, output cut), to be said as notes rather than mixed into the tool's output. */
  notes: string[];
}

/**
 * `--raw`: the engine's output exactly as it wrote it, from run.log (the full log, not the live events, which are
 * batched and may be thinned under heavy output). A line the runner cut for length is joined back, with no
 * newline added; stdout and stderr go to the CLI's own stdout and stderr.
 */
export async function copyRawOutput(runDir: string, io: CliIo): Promise<RawCopy> {
  const result: RawCopy = { malformed: 0, notes: [] };
  let rest = '';
  const onRecord = (record: string) => {
    const tabs: number[] = [];
    for (let at = -1, i = 0; i < 4; i += 1) {
      at = record.indexOf('\t', at + 1);
      if (at < 0) break;
      tabs.push(at);
    }
    const [, t2, t3, t4] = tabs;
    if (tabs.length < 4 || t2 === undefined || t3 === undefined || t4 === undefined) {
      result.malformed += 1;
      return;
    }
    const stream = record.slice(t2 + 1, t3);
    const end = END_TEXT[record.slice(t3 + 1, t4)];
    const text = record.slice(t4 + 1);
    if (end === undefined) result.malformed += 1;
    else if (stream === 'stdout') io.stdout(text + end);
    else if (stream === 'stderr') io.stderr(text + end);
    else if (stream === 'system') result.notes.push(text);
    else result.malformed += 1;
  };
  try {
    for await (const chunk of createReadStream(join(runDir, LOG_FILE), { encoding: 'utf8' })) {
      const parts = (rest + (chunk as string)).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) onRecord(p);
    }
  } catch (error) {
    // No log: the job never started (cancelled while waiting). Anything else is said.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') result.notes.push(`run.log could not be read: ${(error as Error).message}`);
    return result;
  }
  if (rest !== '') onRecord(rest);
  return result;
}
