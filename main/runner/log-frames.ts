import type { FileHandle } from 'node:fs/promises';
import type { Stream } from '../../shared/jobs';

/**
 * run.log, format 2: the tool's output as raw chunks, in arrival order, each with a small index. The writer joins
 * consecutive chunks of one stream into one frame (up to 1 MiB, see output-capture.ts); a frame never mixes streams.
 *
 *   MAGIC
 *   RS <firstSeq> SP <ts> SP <stream> SP <kind> SP <lines> SP <carry> SP <len> LF   (header)
 *   <len bytes: the chunk exactly as the tool wrote it>
 *   US <offset of this frame's header> LF                                           (trailer)
 *
 * kind `d`: data (for `system`, the payload is one line of the runner's own); `e`: the stream ended, and its last
 * line had no newline (len 0). ts is when the frame's first chunk arrived (its lines' time, live and read back).
 * firstSeq is the sequence number of the first line that ends in this frame, lines how
 * many end in it, carry how many bytes of the stream's unfinished line came before it (so a reader may start at any
 * frame and still cut long lines where the writer did). The trailer lets a reader walk back from the end.
 * Lines are found by main/runner/line-splitter.ts, the same for writer and readers.
 * Format 1 (one text record per line) is still read: see run-log.ts.
 */
export const MAGIC = Buffer.from('\x1ehapyy-log 2\n');
const RS = 0x1e;
const US = 0x1f;
const LF = 0x0a;
const STREAMS: ReadonlySet<string> = new Set<Stream>(['stdout', 'stderr', 'system']);
/** A header is well under this (seven numbers and words). */
const MAX_HEADER = 160;

export type FrameKind = 'd' | 'e';

export interface FrameHead {
  firstSeq: number;
  ts: number;
  stream: Stream;
  kind: FrameKind;
  lines: number;
  carry: number;
  len: number;
}

export interface Frame extends FrameHead {
  /** File offset of the header. */
  start: number;
  payload: Buffer;
}

export function encodeHeader(h: FrameHead): Buffer {
  return Buffer.from(`\x1e${h.firstSeq} ${h.ts} ${h.stream} ${h.kind} ${h.lines} ${h.carry} ${h.len}\n`, 'latin1');
}

export function encodeTrailer(start: number): Buffer {
  return Buffer.from(`\x1f${start}\n`, 'latin1');
}

/** The header in `buf` at `at` and its length; null when it is not one (or not all there). */
function parseHeader(buf: Buffer, at: number): { head: FrameHead; size: number } | null {
  if (buf[at] !== RS) return null;
  const lf = buf.indexOf(LF, at);
  if (lf < 0 || lf - at > MAX_HEADER) return null;
  const f = buf.toString('latin1', at + 1, lf).split(' ');
  if (f.length !== 7) return null;
  const [seq, ts, stream, kind, lines, carry, len] = f as [string, string, string, string, string, string, string];
  const nums = [seq, ts, lines, carry, len].map(Number) as [number, number, number, number, number];
  if (!nums.every((n) => Number.isSafeInteger(n) && n >= 0) || !STREAMS.has(stream) || (kind !== 'd' && kind !== 'e')) return null;
  return {
    head: { firstSeq: nums[0], ts: nums[1], stream: stream as Stream, kind, lines: nums[2], carry: nums[3], len: nums[4] },
    size: lf + 1 - at,
  };
}

export async function isFramedLog(handle: FileHandle): Promise<boolean> {
  const buf = Buffer.alloc(MAGIC.length);
  const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
  return bytesRead === MAGIC.length && buf.equals(MAGIC);
}

const BLOCK = 1024 * 1024;

/**
 * Frames from `from` to the end, read in large blocks. Stops at the end or at anything that is not a whole frame
 * (the app died mid-write); `damaged` then says so.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  /** File offset of buf[0]. */
  private bufAt: number;
  private pos: number;
  private eof = false;
  damaged = false;

  constructor(
    private readonly handle: FileHandle,
    from: number = MAGIC.length,
    /** Read no further than this offset. */
    private readonly until: number = Number.MAX_SAFE_INTEGER,
  ) {
    this.bufAt = from;
    this.pos = from;
  }

  /** Offset of the next frame. */
  get offset(): number {
    return this.pos;
  }

  async next(): Promise<Frame | null> {
    if (this.pos >= this.until) return null;
    await this.fill(MAX_HEADER);
    if (this.available() === 0) return null;
    let at = this.pos - this.bufAt;
    const parsed = parseHeader(this.buf, at);
    if (!parsed) {
      this.damaged = true;
      return null;
    }
    const { head, size } = parsed;
    const trailer = encodeTrailer(this.pos);
    const total = size + head.len + trailer.length;
    await this.fill(total);
    at = this.pos - this.bufAt; // the fill may have moved the window
    if (this.available() < total || !this.buf.subarray(at + size + head.len, at + total).equals(trailer)) {
      this.damaged = true;
      return null;
    }
    const frame: Frame = { ...head, start: this.pos, payload: this.buf.subarray(at + size, at + size + head.len) };
    this.pos += total;
    return frame;
  }

  private available(): number {
    return this.bufAt + this.buf.length - this.pos;
  }

  /** Makes sure `n` bytes from pos are in buf, if the file has them. */
  private async fill(n: number): Promise<boolean> {
    while (this.available() < n && !this.eof) {
      const keep = this.buf.subarray(this.pos - this.bufAt);
      const more = Buffer.allocUnsafe(Math.max(BLOCK, n - keep.length));
      const { bytesRead } = await this.handle.read(more, 0, more.length, this.pos + keep.length);
      if (bytesRead === 0) this.eof = true;
      this.buf = keep.length > 0 ? Buffer.concat([keep, more.subarray(0, bytesRead)]) : more.subarray(0, bytesRead);
      this.bufAt = this.pos;
    }
    return this.available() >= n;
  }
}

/**
 * Walks back from the end of the log, a frame at a time, by the trailers. Returns the frames from `stop`'s choice
 * back to the end, oldest first; null when the end is not a whole frame (the caller reads forward instead).
 */
export async function framesFromEnd(handle: FileHandle, size: number, enough: (taken: Frame[]) => boolean): Promise<Frame[] | null> {
  const frames: Frame[] = [];
  let end = size;
  while (end > MAGIC.length && !enough(frames)) {
    const tailLen = Math.min(32, end - MAGIC.length);
    const tail = Buffer.alloc(tailLen);
    await handle.read(tail, 0, tailLen, end - tailLen);
    const us = tail.lastIndexOf(US);
    if (tail[tailLen - 1] !== LF || us < 0) return null;
    const start = Number(tail.toString('latin1', us + 1, tailLen - 1));
    if (!Number.isSafeInteger(start) || start < MAGIC.length || start >= end) return null;
    const whole = Buffer.alloc(end - start);
    await handle.read(whole, 0, whole.length, start);
    const parsed = parseHeader(whole, 0);
    if (!parsed || parsed.size + parsed.head.len + (tailLen - us) !== whole.length) return null;
    frames.push({ ...parsed.head, start, payload: whole.subarray(parsed.size, parsed.size + parsed.head.len) });
    end = start;
  }
  return frames.reverse();
}
