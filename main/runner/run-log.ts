import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { OutputLine, Stream } from '../../shared/jobs';
import { RING_MAX_CHARS } from './line-ring';
import type { LineEnd } from './line-splitter';
import { RUN_LAYOUT } from '../store/layout';

/**
 * run.log: the full output of a run, one record per line, UTF-8:
 *
 *   <seq> TAB <ts> TAB <stream> TAB <end> TAB <text> LF
 *
 * seq is the line's sequence number, ts milliseconds since the epoch, stream `stdout` | `stderr` | `system`,
 * end how the tool's line ended: `n` LF, `r` CRLF, `c` cut for length (the next record of that stream
 * continues it), `e` end of stream without a newline. The text is last and never holds a LF, so tabs inside it
 * need no escaping. Records of both streams interleave in arrival order.
 */
export const LOG_FILE = RUN_LAYOUT.log;

const STREAMS: ReadonlySet<string> = new Set<Stream>(['stdout', 'stderr', 'system']);
const END_CODE: Record<LineEnd, string> = { lf: 'n', crlf: 'r', cut: 'c', eof: 'e' };
const END_TEXT: Record<string, string> = { n: '\n', r: '\r\n', c: '', e: '' };

export interface LogRecord {
  line: OutputLine;
  end: LineEnd;
}

export function formatLogRecord(line: OutputLine, end: LineEnd = 'lf'): string {
  return `${line.seq}\t${line.ts}\t${line.stream}\t${END_CODE[end]}\t${line.text}\n`;
}

const fields = (record: string): [number, number, string, string, string] | null => {
  const tabs: number[] = [];
  for (let i = 0, at = -1; i < 4; i += 1) {
    at = record.indexOf('\t', at + 1);
    if (at < 0) return null;
    tabs.push(at);
  }
  const [a, b, c, d] = tabs as [number, number, number, number];
  return [Number(record.slice(0, a)), Number(record.slice(a + 1, b)), record.slice(b + 1, c), record.slice(c + 1, d), record.slice(d + 1)];
};

/** One record without its LF; null for anything that is not a record (e.g. a line cut short by a crash). */
export function parseLogRecord(record: string): OutputLine | null {
  const f = fields(record);
  if (!f) return null;
  const [seq, ts, stream, end, text] = f;
  if (!Number.isInteger(seq) || seq < 1 || !Number.isFinite(ts) || !STREAMS.has(stream) || !(end in END_TEXT)) return null;
  return { seq, ts, stream: stream as Stream, text };
}

const CHUNK = 64 * 1024;
const LF = 0x0a;

/**
 * The last `maxLines` lines of a run's log, read backwards in chunks so a 50 MB log costs only its tail.
 * Also at most `maxBytes` of it (by default the bound on lines kept in memory during the run): 10,000 lines of
 * 64 KiB each would otherwise be over half a gigabyte read back and sent to a window.
 * Missing log → []. A record cut short at the end (the app died mid-write) is skipped.
 */
export async function readLogTail(runDir: string, maxLines: number, maxBytes: number = RING_MAX_CHARS): Promise<OutputLine[]> {
  if (maxLines <= 0) return [];
  let handle;
  try {
    handle = await open(path.join(runDir, LOG_FILE), 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const chunks: Buffer[] = [];
    let pos = size;
    let newlines = 0;
    // One more LF than lines wanted marks where the first wanted record starts.
    while (pos > 0 && newlines <= maxLines && size - pos < maxBytes) {
      const len = Math.min(CHUNK, pos);
      pos -= len;
      const buf = Buffer.alloc(len);
      await handle.read(buf, 0, len, pos);
      for (const byte of buf) if (byte === LF) newlines += 1;
      chunks.unshift(buf);
    }
    const all = Buffer.concat(chunks);
    const lastLf = all.lastIndexOf(LF);
    const lines: OutputLine[] = [];
    // From the file's start every record is whole; otherwise the first piece belongs to an earlier record.
    let start = pos === 0 ? 0 : all.indexOf(LF) + 1;
    while (start <= lastLf) {
      const end = all.indexOf(LF, start);
      const line = parseLogRecord(all.toString('utf8', start, end));
      if (line) lines.push(line);
      start = end + 1;
    }
    return lines.slice(-maxLines);
  } finally {
    await handle.close();
  }
}

/**
 * The text one stream wrote, as the tool wrote it (cut lines joined, line endings restored), from the start of
 * the log and reading at most `maxBytes` of it. For parsers of a tool's report (JSON, compiler messages).
 * Missing log → ''.
 */
export async function readLogText(logPath: string, stream: Exclude<Stream, 'system'>, maxBytes: number): Promise<string> {
  const parts: string[] = [];
  let carry: Buffer = Buffer.alloc(0);
  const take = (record: Buffer): void => {
    const f = fields(record.toString('utf8'));
    if (f && f[2] === stream && f[3] in END_TEXT) parts.push(f[4] + END_TEXT[f[3]]);
  };
  try {
    for await (const chunk of createReadStream(logPath, { end: Math.max(0, maxBytes - 1), highWaterMark: CHUNK })) {
      let buf = Buffer.concat([carry, chunk as Buffer]);
      for (let lf = buf.indexOf(LF); lf >= 0; lf = buf.indexOf(LF)) {
        take(buf.subarray(0, lf));
        buf = buf.subarray(lf + 1);
      }
      carry = Buffer.from(buf);
    }
  } catch {
    return parts.join('');
  }
  return parts.join('');
}

/**
 * The tool's output as it wrote it, streamed from the start of the log (any size, a record at a time): each piece
 * is one record's text with its line ending restored (none for a line cut for length, whose next piece of the same
 * stream continues it). Memory stays bounded by one record; joining pieces into lines is the reader's business.
 * Missing log → nothing. A record cut short at the end (the app died mid-write) is skipped.
 */
export async function* readLogPieces(logPath: string): AsyncGenerator<{ stream: Exclude<Stream, 'system'>; text: string }> {
  let carry: Buffer = Buffer.alloc(0);
  let stream;
  try {
    stream = createReadStream(logPath, { highWaterMark: CHUNK });
    for await (const chunk of stream) {
      const buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      let start = 0;
      for (let lf = buf.indexOf(LF); lf >= 0; lf = buf.indexOf(LF, start)) {
        const f = fields(buf.toString('utf8', start, lf));
        start = lf + 1;
        if (!f || (f[2] !== 'stdout' && f[2] !== 'stderr') || !(f[3] in END_TEXT)) continue;
        yield { stream: f[2], text: f[4] + END_TEXT[f[3]] };
      }
      carry = Buffer.from(buf.subarray(start));
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  } finally {
    stream?.destroy();
  }
}
