import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { OutputLine, Stream } from '../../shared/jobs';
import { RING_MAX_CHARS } from './line-ring';
import { LineSplitter, lineAt, type LineEnd } from './line-splitter';
import { FrameReader, framesFromEnd, isFramedLog, MAGIC, type Frame } from './log-frames';
import { RUN_LAYOUT } from '../store/layout';

/**
 * run.log: the full output of a run. Written in format 2 (raw chunks with a small index, see log-frames.ts); the
 * readers here read that and format 1, which older runs have: one record per line, UTF-8:
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
type ToolStream = Exclude<Stream, 'system'>;

async function openLog(logPath: string): Promise<{ handle: FileHandle; framed: boolean } | null> {
  let handle;
  try {
    handle = await open(logPath, 'r');
  } catch {
    return null;
  }
  try {
    return { handle, framed: await isFramedLog(handle) };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/**
 * The lines of consecutive frames (format 2), numbered as the writer numbered them. A reader that starts at a frame
 * other than the first does not have the start of each stream's unfinished line: that first line is left out.
 */
export class FrameLines {
  private readonly splitters: Record<ToolStream, LineSplitter | null> = { stdout: null, stderr: null };

  constructor(private readonly fromStart: boolean) {}

  lines(frame: Frame, emit: (line: OutputLine) => void): void {
    const { stream, ts } = frame;
    if (stream === 'system') {
      if (frame.kind === 'd') emit({ seq: frame.firstSeq, ts, stream, text: frame.payload.toString('utf8') });
      return;
    }
    let splitter = this.splitters[stream];
    if (!splitter) {
      splitter = this.splitters[stream] = new LineSplitter();
      if (!this.fromStart) splitter.startMidLine(frame.carry);
    }
    if (frame.kind === 'e') {
      const last = splitter.end();
      const text = last ? LineSplitter.eofText(last) : null;
      if (text !== null) emit({ seq: frame.firstSeq, ts, stream, text });
      return;
    }
    const scanned = splitter.scan(frame.payload);
    for (let i = 0; i < scanned.count; i += 1) {
      const line = lineAt(scanned, i);
      if (line) emit({ seq: frame.firstSeq + i, ts, stream, text: line.text });
    }
  }
}

/**
 * The last `maxLines` lines of a run's log, and at most `maxBytes` of it (by default the bound on lines kept in
 * memory during the run): 10,000 lines of 64 KiB each would otherwise be over half a gigabyte read back and sent to
 * a window. Format 2 is walked back from the end by its frame trailers, so a 200 MB log costs only its tail.
 * Missing log → []. A record or frame cut short at the end (the app died mid-write) is skipped.
 */
export async function readLogTail(runDir: string, maxLines: number, maxBytes: number = RING_MAX_CHARS): Promise<OutputLine[]> {
  if (maxLines <= 0) return [];
  const log = await openLog(path.join(runDir, LOG_FILE));
  if (!log) return [];
  try {
    return log.framed ? await framedTail(log.handle, maxLines, maxBytes) : await recordTail(log.handle, maxLines, maxBytes);
  } finally {
    await log.handle.close();
  }
}

async function framedTail(handle: FileHandle, maxLines: number, maxBytes: number): Promise<OutputLine[]> {
  const { size } = await handle.stat();
  // Two lines more than asked: the first line of each stream may have begun before the first frame read.
  const wanted = maxLines + 2;
  let lines = 0;
  let bytes = 0;
  let counted = 0;
  let maxSeq = 0;
  /** Per stream: the carry of its earliest frame read, and the first line that frame (or a later one) ends. */
  const earliest: Partial<Record<ToolStream, { carry: number; firstLine: number | null }>> = {};
  const enough = (taken: Frame[]): boolean => {
    for (; counted < taken.length; counted += 1) {
      const f = taken[counted] as Frame;
      lines += f.lines;
      bytes += f.len;
      if (f.lines > 0) maxSeq = Math.max(maxSeq, f.firstSeq + f.lines - 1);
      if (f.stream !== 'system') {
        const e = (earliest[f.stream] ??= { carry: 0, firstLine: null });
        e.carry = f.carry;
        if (f.lines > 0) e.firstLine = f.firstSeq;
      }
    }
    if (bytes >= maxBytes) return true;
    if (lines < wanted) return false;
    // The line a stream had under way at the earliest frame read is left out: go back until that is none of the
    // lines asked for (a last line without a newline, for one, begins in the frames before its end frame).
    const cutoff = maxSeq - maxLines + 1;
    return Object.values(earliest).every((e) => e.carry === 0 || (e.firstLine !== null && e.firstLine < cutoff));
  };
  let frames = await framesFromEnd(handle, size, enough);
  let fromStart = frames !== null && (frames.length === 0 || (frames[0] as Frame).start === MAGIC.length);
  if (!frames) {
    // The end is torn: read forward, keeping only the frames that could hold the tail.
    const reader = new FrameReader(handle);
    const kept: Frame[] = [];
    let keptLines = 0;
    let keptBytes = 0;
    fromStart = true;
    for (let f = await reader.next(); f; f = await reader.next()) {
      kept.push({ ...f, payload: Buffer.from(f.payload) });
      keptLines += f.lines;
      keptBytes += f.len;
      while (kept.length > 1 && keptLines - (kept[0] as Frame).lines >= wanted && keptBytes - (kept[0] as Frame).len >= 0) {
        const old = kept.shift() as Frame;
        keptLines -= old.lines;
        keptBytes -= old.len;
        fromStart = false;
      }
      while (kept.length > 1 && keptBytes - (kept[0] as Frame).len >= maxBytes) {
        const old = kept.shift() as Frame;
        keptLines -= old.lines;
        keptBytes -= old.len;
        fromStart = false;
      }
    }
    frames = kept;
  }
  const out: OutputLine[] = [];
  const reader = new FrameLines(fromStart);
  for (const f of frames) reader.lines(f, (l) => out.push(l));
  return out.slice(-maxLines);
}

async function recordTail(handle: FileHandle, maxLines: number, maxBytes: number): Promise<OutputLine[]> {
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
}

/** One piece of a run's output as it was written: a tool stream's raw text, or one of the runner's own lines. */
export interface LogPiece {
  stream: Stream;
  /** For stdout/stderr: text with line endings as written (pieces of a stream join into the stream's text). */
  text: string;
}

/**
 * Everything in the log, streamed from its start (any size, memory bounded by one frame or record): the tool's
 * output as it wrote it, and the runner's own lines (stream `system`). `stats.malformed` counts records (format 1)
 * that were not in the expected layout, and a torn end (format 2). Missing log → nothing.
 */
export async function* readLogOutput(logPath: string, stats?: { malformed: number }): AsyncGenerator<LogPiece> {
  const log = await openLog(logPath);
  if (!log) return;
  try {
    if (log.framed) {
      const reader = new FrameReader(log.handle);
      // Decoded per stream, so a character split between two chunks of a stream survives.
      const decoders: Record<ToolStream, TextDecoder> = { stdout: new TextDecoder(), stderr: new TextDecoder() };
      for (let f = await reader.next(); f; f = await reader.next()) {
        if (f.stream === 'system') {
          if (f.kind === 'd') yield { stream: 'system', text: f.payload.toString('utf8') };
          continue;
        }
        const text = f.kind === 'e' ? decoders[f.stream].decode() : decoders[f.stream].decode(f.payload, { stream: true });
        if (text) yield { stream: f.stream, text };
      }
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = decoders[stream].decode();
        if (rest) yield { stream, text: rest };
      }
      if (reader.damaged && stats) stats.malformed += 1;
      return;
    }
  } finally {
    await log.handle.close();
  }
  yield* recordPieces(logPath, stats);
}

async function* recordPieces(logPath: string, stats?: { malformed: number }): AsyncGenerator<LogPiece> {
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
        if (!f || !STREAMS.has(f[2]) || !(f[3] in END_TEXT)) {
          if (stats) stats.malformed += 1;
          continue;
        }
        yield { stream: f[2] as Stream, text: f[2] === 'system' ? f[4] : f[4] + END_TEXT[f[3]] };
      }
      carry = Buffer.from(buf.subarray(start));
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  } finally {
    stream?.destroy();
  }
}

/**
 * The tool's output as it wrote it, streamed from the start of the log (any size): pieces of stdout and stderr
 * with their line endings, in arrival order; joining pieces into lines is the reader's business.
 * Missing log → nothing. A record or frame cut short at the end (the app died mid-write) is skipped.
 */
export async function* readLogPieces(logPath: string): AsyncGenerator<{ stream: ToolStream; text: string }> {
  for await (const p of readLogOutput(logPath)) if (p.stream !== 'system') yield { stream: p.stream, text: p.text };
}

/**
 * The text one stream wrote, as the tool wrote it, from the start of the log and reading at most about `maxBytes`
 * of it. For parsers of a tool's report (JSON, compiler messages). Missing log → ''.
 */
export async function readLogText(logPath: string, stream: ToolStream, maxBytes: number): Promise<string> {
  const log = await openLog(logPath);
  if (!log) return '';
  const parts: string[] = [];
  try {
    if (log.framed) {
      const reader = new FrameReader(log.handle, undefined, maxBytes);
      const decoder = new TextDecoder();
      for (let f = await reader.next(); f; f = await reader.next()) {
        if (f.stream === stream && f.kind === 'd') parts.push(decoder.decode(f.payload, { stream: true }));
      }
      parts.push(decoder.decode());
      return parts.join('');
    }
  } catch {
    return parts.join('');
  } finally {
    await log.handle.close();
  }
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
