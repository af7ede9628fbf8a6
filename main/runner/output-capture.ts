import type { OutputLine, Stream } from '../../shared/jobs';
import { RING_MAX_CHARS } from './line-ring';
import { keep, LineSplitter } from './line-splitter';
import { RawLines, type Entry } from './raw-lines';
import { encodeHeader, encodeTrailer, MAGIC, type FrameHead } from './log-frames';
import { LogWriter } from './log-writer';

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
 * After a delivery that had to leave lines out (more arrived than the window could keep), the next one waits this many
 * times longer: in a flood each delivery makes linesKept + 2,000 strings of which the relay forwards about a sixth
 * before newer ones replace them (it sends 2,000 lines per 50 ms), so delivering less often costs the window nothing
 * it could show, and saved most of the capture's CPU time at 200 MB of output. A quiet tool's lines still go out
 * at once (leading edge).
 */
const FLOOD_SLOWDOWN = 5;
/**
 * And at most this much text per delivery: the tail's own bound (RING_MAX_CHARS), so a line the window would keep is
 * never skipped on its way there (a 1 MiB bound dropped a fifth of 100,000 kept lines under load); a flood of long
 * lines is still shown by its newest lines, and memory stays bounded.
 */
const DELIVERY_MAX_BYTES = RING_MAX_CHARS;
/**
 * Pending lines holding this many bytes go out at once rather than wait for the timer. Only long lines get here (short
 * ones are bounded by count first, linesKept + 2,000 lines), and those are nearly all made into strings anyway, so
 * waiting saves no CPU time; it only held up to DELIVERY_MAX_BYTES more in a flood (14 MB of the host's memory).
 */
const DELIVER_NOW_BYTES = 1024 * 1024;
/**
 * Consecutive chunks of one stream are joined into one log frame of up to this many bytes, written with one call:
 * the cost per write (a threadpool round trip and a callback) was paid per 64 KiB pipe read before.
 */
const FRAME_BYTES = 1024 * 1024;
/** A frame that has not filled up is written this long after its first chunk (a quiet tool's lines reach the file). */
const FRAME_MS = 10;
/** Bytes queued for the log before the pipes are paused: memory stays bounded when the disk is slower than the tool. */
const LOG_HIGH_WATER = 4 * 1024 * 1024;

/** Chunks of one stream gathered for the next frame. */
interface OpenFrame {
  head: FrameHead;
  pieces: Buffer[];
}

/**
 * Everything a run prints. The tool's chunks go to run.log as they came (raw bytes with a small index, see
 * log-frames.ts; a stream's consecutive chunks joined into frames of up to 1 MiB, written at most FRAME_MS later);
 * lines are found on bytes (one sequence across both pipes) and made into strings only when they are delivered to
 * listeners (under a flood, at most the newest linesKept + 2,000 per delivery, every 40 ms, or every 200 ms once a
 * delivery had to leave lines out: what the relay could still show; the others stay in run.log) or asked for as the
 * run's tail. Memory stays bounded however much the tool writes: the log writer signals backpressure instead of
 * buffering, and the lines held as bytes are bounded by count and size.
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
  private open: OpenFrame | null = null;
  private frameTimer: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly deliverMs: number;
  /** The last delivery left lines out. */
  private flooded = false;
  /** Raw bytes received from both pipes, including what came after the cap. */
  bytes = 0;

  private constructor(
    private readonly o: OutputCaptureOptions,
    private readonly log: LogWriter,
  ) {
    // Half the display bound in bytes: the relay holds its own ring of these lines as strings meanwhile, and a
    // finished run's lines are read back from run.log (readLogTail, the full bound).
    this.recent = new RawLines(Math.max(1, o.linesKept), RING_MAX_CHARS / 2);
    this.pending = new RawLines(Math.max(1, o.linesKept) + DELIVERY_EXTRA, DELIVERY_MAX_BYTES);
    this.deliverMs = o.deliverMs ?? DEFAULT_DELIVER_MS;
  }

  static async open(o: OutputCaptureOptions): Promise<OutputCapture> {
    const log = await LogWriter.open(o.logPath, LOG_HIGH_WATER);
    log.append([MAGIC]);
    return new OutputCapture(o, log);
  }

  /** Why run.log could not be written (nothing more was written after it), or null. */
  get logError(): string | null {
    return this.log.error;
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
      const scanned = splitter.scan(part, false);
      const firstSeq = this.seq + 1;
      this.seq += scanned.count;
      // The frame's time (when its first chunk came, at most FRAME_MS earlier) for all its lines: the same live and
      // read back from run.log.
      const ts = this.gather(stream, part, { firstSeq, carry, lines: scanned.count, newFrame: splitter.boundaryCut });
      if (scanned.count > 0) this.queue({ firstSeq, ts, stream, lines: keep(scanned), bytes: part.byteLength });
    }
    // After this chunk's lines, so listeners see sequence numbers in order.
    if (limitHit) {
      this.seal();
      this.deliver();
      this.o.onLimit();
    }
    return !this.log.behind;
  }

  endStream(stream: ToolStream): void {
    const last = this.splitters[stream].end();
    if (!last) return;
    const ts = this.o.now();
    this.seq += 1;
    this.seal();
    this.frame({ firstSeq: this.seq, ts, stream, kind: 'e', lines: 1, carry: last.bytes, len: 0 }, []);
    this.queue({ line: { seq: this.seq, ts, stream, text: LineSplitter.eofText(last) ?? '' } });
  }

  /** A line from the runner itself (why a run was stopped, leftovers ended); always logged. */
  system(text: string): void {
    const ts = this.o.now();
    this.seq += 1;
    const payload = Buffer.from(text);
    this.seal();
    this.frame({ firstSeq: this.seq, ts, stream: 'system', kind: 'd', lines: 1, carry: 0, len: payload.byteLength }, [payload]);
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
    this.log.onDrain(listener);
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

  /** Writes what is gathered and closes run.log; never rejects (a failure is in logError). */
  async close(): Promise<void> {
    this.dispose();
    this.seal();
    await this.log.close();
  }

  /**
   * Adds a chunk to the frame being gathered: a new frame when the stream changes, the frame is full, or the
   * splitter cut a long line where the chunk boundary mattered (a reader of the joined frame would cut elsewhere).
   */
  private gather(stream: ToolStream, part: Buffer, c: { firstSeq: number; carry: number; lines: number; newFrame: boolean }): number {
    let f = this.open;
    if (f && (f.head.stream !== stream || f.head.len + part.byteLength > FRAME_BYTES || c.newFrame)) {
      this.seal();
      f = null;
    }
    if (!f) {
      f = this.open = { head: { firstSeq: c.firstSeq, ts: this.o.now(), stream, kind: 'd', lines: 0, carry: c.carry, len: 0 }, pieces: [] };
      this.frameTimer ??= setTimeout(() => {
        this.frameTimer = null;
        this.seal();
      }, FRAME_MS);
    }
    // Lines of one stream in a row: their sequence numbers follow on from the frame's first.
    f.head.lines += c.lines;
    f.head.len += part.byteLength;
    f.pieces.push(part);
    const ts = f.head.ts;
    if (f.head.len >= FRAME_BYTES) this.seal();
    return ts;
  }

  /** Hands the gathered frame to the writer. */
  private seal(): void {
    const f = this.open;
    if (!f) return;
    this.open = null;
    this.frame(f.head, f.pieces);
  }

  /** One frame, header to trailer, in one append, so frames never interleave. */
  private frame(head: FrameHead, payload: Buffer[]): void {
    const header = encodeHeader(head);
    const trailer = encodeTrailer(this.offset);
    this.offset += header.byteLength + head.len + trailer.byteLength;
    this.log.append([header, ...payload, trailer]);
  }

  private queue(e: Entry): void {
    this.recent.push(e);
    if (!this.o.onOutput) return;
    this.pending.push(e);
    // Leading edge: the first output after a quiet spell goes out at once; more within deliverMs waits for the timer.
    if (!this.timer) {
      this.deliver();
      this.timer = setTimeout(() => this.onTimer(), this.deliverMs);
    } else if (this.pending.size >= DELIVER_NOW_BYTES) {
      this.deliver();
    }
  }

  private onTimer(): void {
    this.timer = null;
    if (this.pending.empty) return;
    this.deliver();
    this.timer = setTimeout(() => this.onTimer(), this.flooded ? this.deliverMs * FLOOD_SLOWDOWN : this.deliverMs);
  }

  /** Sends the pending lines (the newest linesKept + DELIVERY_EXTRA of them) to listeners. */
  private deliver(): void {
    if (this.pending.empty || !this.o.onOutput) return;
    const batch = this.pending.newest();
    this.flooded = this.pending.dropped > 0 || this.pending.held > batch.length;
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
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = null;
  }
}
