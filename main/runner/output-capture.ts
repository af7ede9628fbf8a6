import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { OutputLine, Stream } from '../../shared/jobs';
import { RING_MAX_CHARS } from './line-ring';
import { keep, LineSplitter } from './line-splitter';
import { RawLines, type Entry } from './raw-lines';
import { encodeHeader, encodeTrailer, MAGIC, type FrameHead } from './log-frames';

export interface OutputCaptureOptions {
  logPath: string;
  linesKept: number;
  /** Bytes of tool output the log may hold; the log is cut at exactly this many. */
  logBytes: number;
  now: () => number;
  onOutput?: ((lines: OutputLine[]) => void) | undefined;
  /** Called once, when the tool's output passes logBytes. */
  onLimit: () => void;
  /** After one delivery of lines, the next waits this long (output arriving meanwhile is delivered together). */
  deliverMs?: number;
}

type ToolStream = Exclude<Stream, 'system'>;

/**
 * Lines made into strings per delivery to listeners, beyond the lines kept: one relay message
 * (MAX_LINES_PER_MESSAGE). The relay trims its own backlog to the lines kept once it passes kept + 2,000, so a line
 * with that many newer ones arriving in the same delivery would never be shown; it stays in run.log only.
 */
const DELIVERY_EXTRA = 2_000;
const DEFAULT_DELIVER_MS = 40;
/**
 * And at most this much text per delivery: the tail's own bound (RING_MAX_CHARS), so a line the window would keep is
 * never skipped on its way there (a 1 MiB bound dropped a fifth of 100,000 kept lines under load); a flood of long
 * lines is still shown by its newest lines, and memory stays bounded.
 */
const DELIVERY_MAX_BYTES = RING_MAX_CHARS;

/**
 * Everything a run prints. The tool's chunks go to run.log as they came (raw bytes with a small index, see
 * log-frames.ts); lines are found on bytes (one sequence across both pipes) and made into strings only when they
 * are delivered to listeners (under a flood, at most the newest linesKept + 2,000 per delivery, every 40 ms: what
 * the relay could still show; the others stay in run.log) or asked for as the run's tail. Memory stays bounded
 * however much the tool writes: the log stream signals backpressure instead of buffering, and the lines held as
 * bytes are bounded by count and size.
 */
export class OutputCapture {
  private readonly splitters: Record<ToolStream, LineSplitter> = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  /** The last linesKept lines, for the run's tail. */
  private readonly recent: RawLines;
  /** Lines not yet delivered to listeners. */
  private readonly pending: RawLines;
  private seq = 0;
  private loggedBytes = 0;
  private capped = false;
  /** File offset of the next frame. */
  private offset = MAGIC.length;
  private timer: NodeJS.Timeout | null = null;
  private readonly deliverMs: number;
  /** Raw bytes received from both pipes, including what came after the cap. */
  bytes = 0;
  logError: string | null = null;

  private constructor(
    private readonly o: OutputCaptureOptions,
    private readonly log: WriteStream,
  ) {
    // Half the display bound in bytes: the relay holds its own ring of these lines as strings meanwhile, and a
    // finished run's lines are read back from run.log (readLogTail, the full bound).
    this.recent = new RawLines(Math.max(1, o.linesKept), RING_MAX_CHARS / 2);
    this.pending = new RawLines(Math.max(1, o.linesKept) + DELIVERY_EXTRA, DELIVERY_MAX_BYTES);
    this.deliverMs = o.deliverMs ?? DEFAULT_DELIVER_MS;
    log.on('error', (e: Error) => {
      this.logError ??= e.message;
    });
  }

  static async open(o: OutputCaptureOptions): Promise<OutputCapture> {
    // 1 MiB before backpressure (the default 16 KiB pauses a chatty tool every few chunks); memory stays bounded.
    const log = createWriteStream(o.logPath, { flags: 'w', highWaterMark: 1024 * 1024 });
    await once(log, 'open');
    log.write(MAGIC);
    return new OutputCapture(o, log);
  }

  /** Feeds a chunk from a pipe. Returns false when the log is behind: pause the pipes until `onDrain`. */
  write(stream: ToolStream, chunk: Buffer): boolean {
    this.bytes += chunk.byteLength;
    if (this.capped) return true;
    let part = chunk;
    const room = this.o.logBytes - this.loggedBytes;
    const limitHit = chunk.byteLength > room;
    if (limitHit) {
      this.capped = true;
      part = chunk.subarray(0, Math.max(0, room));
    }
    this.loggedBytes += part.byteLength;
    if (part.byteLength > 0) {
      const splitter = this.splitters[stream];
      const carry = splitter.pending;
      const scanned = splitter.scan(part);
      const ts = this.o.now();
      const firstSeq = this.seq + 1;
      this.seq += scanned.count;
      this.frame({ firstSeq, ts, stream, kind: 'd', lines: scanned.count, carry, len: part.byteLength }, part);
      if (scanned.count > 0) this.queue({ firstSeq, ts, stream, lines: keep(scanned), bytes: part.byteLength });
    }
    // After this chunk's lines, so listeners see sequence numbers in order.
    if (limitHit) {
      this.deliver();
      this.o.onLimit();
    }
    return !this.log.writableNeedDrain || this.logError !== null;
  }

  endStream(stream: ToolStream): void {
    const last = this.splitters[stream].end();
    if (!last) return;
    const ts = this.o.now();
    this.seq += 1;
    this.frame({ firstSeq: this.seq, ts, stream, kind: 'e', lines: 1, carry: last.bytes, len: 0 }, null);
    this.queue({ line: { seq: this.seq, ts, stream, text: LineSplitter.eofText(last) ?? '' } });
  }

  /** A line from the runner itself (why a run was stopped, leftovers ended); always logged. */
  system(text: string): void {
    const ts = this.o.now();
    this.seq += 1;
    const payload = Buffer.from(text);
    this.frame({ firstSeq: this.seq, ts, stream: 'system', kind: 'd', lines: 1, carry: 0, len: payload.byteLength }, payload);
    this.queue({ line: { seq: this.seq, ts, stream: 'system', text } });
  }

  /** Says how much output the cap kept out of the log, once the tool is done. */
  noteCut(): void {
    const cut = this.bytes - this.loggedBytes;
    if (this.capped && cut > 0) {
      this.system(`Hapyy: output limit: run.log holds the first ${this.loggedBytes} bytes of the tool's output; the ${cut} bytes after them were not kept.`);
    }
  }

  /** Also called when the log fails: writes stop then, so paused pipes must not wait for a drain that never comes. */
  onDrain(listener: () => void): void {
    this.log.on('drain', listener);
    this.log.on('error', listener);
  }

  get lines(): number {
    return this.seq;
  }
  /**
   * The run's output is incomplete: the log was cut at its cap or could not be written. Lines leaving the in-memory
   * tail do not count — run.log still has them, and a complete run must not read as cut (issue 16).
   */
  get truncated(): boolean {
    return this.capped || this.logError !== null;
  }
  get limitReached(): boolean {
    return this.capped;
  }
  tail(): OutputLine[] {
    this.deliver();
    return this.recent.newest();
  }

  async close(): Promise<void> {
    this.dispose();
    if (this.log.closed || this.log.destroyed) return;
    const closed = once(this.log, 'close').catch(() => undefined);
    this.log.end();
    await closed;
  }

  /** One frame, header to trailer, as one write (the stream's writev), so frames never interleave. */
  private frame(head: FrameHead, payload: Buffer | null): void {
    if (this.logError !== null) return;
    const header = encodeHeader(head);
    const trailer = encodeTrailer(this.offset);
    this.offset += header.byteLength + head.len + trailer.byteLength;
    this.log.cork();
    this.log.write(header);
    if (payload) this.log.write(payload);
    this.log.write(trailer);
    this.log.uncork();
  }

  private queue(e: Entry): void {
    this.recent.push(e);
    if (!this.o.onOutput) return;
    this.pending.push(e);
    // Leading edge: the first output after a quiet spell goes out at once; more within deliverMs waits for the timer.
    if (!this.timer) {
      this.deliver();
      this.timer = setTimeout(() => this.onTimer(), this.deliverMs);
    }
  }

  private onTimer(): void {
    this.timer = null;
    if (this.pending.empty) return;
    this.deliver();
    this.timer = setTimeout(() => this.onTimer(), this.deliverMs);
  }

  /** Sends the pending lines (the newest linesKept + DELIVERY_EXTRA of them) to listeners. */
  private deliver(): void {
    if (this.pending.empty || !this.o.onOutput) return;
    const batch = this.pending.newest();
    this.pending.clear();
    if (batch.length === 0) return;
    try {
      this.o.onOutput(batch);
    } catch {
      // A listener's failure must not break the run; the log still has every line.
    }
  }

  /** No timer outlives the run. */
  dispose(): void {
    this.deliver();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
