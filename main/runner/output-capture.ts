import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { OutputLine, Stream } from '../../shared/jobs';
import { LineRing } from './line-ring';
import { LineSplitter, type LinePiece } from './line-splitter';
import { formatLogRecord } from './run-log';

export interface OutputCaptureOptions {
  logPath: string;
  linesKept: number;
  /** Bytes of tool output the log may hold; the line that would pass it is the first one dropped. */
  logBytes: number;
  now: () => number;
  onOutput?: ((lines: OutputLine[]) => void) | undefined;
  /** Called once, when the tool's output passes logBytes. */
  onLimit: () => void;
}

type ToolStream = Exclude<Stream, 'system'>;

/**
 * Everything a run prints: numbered lines (one sequence across both pipes), the full log on disk, the last lines in
 * memory. Memory stays bounded however much the tool writes: the log stream signals backpressure instead of
 * buffering, and lines past the cap are counted, not kept.
 */
export class OutputCapture {
  private readonly splitters: Record<ToolStream, LineSplitter> = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  private readonly ring: LineRing;
  private seq = 0;
  private loggedBytes = 0;
  private capped = false;
  /** Raw bytes received from both pipes, including what came after the cap. */
  bytes = 0;
  logError: string | null = null;

  private constructor(
    private readonly o: OutputCaptureOptions,
    private readonly log: WriteStream,
  ) {
    this.ring = new LineRing(o.linesKept);
    log.on('error', (e: Error) => {
      this.logError ??= e.message;
    });
  }

  static async open(o: OutputCaptureOptions): Promise<OutputCapture> {
    // 1 MiB before backpressure (the default 16 KiB pauses a chatty tool every ~200 lines); memory stays bounded.
    const log = createWriteStream(o.logPath, { flags: 'w', highWaterMark: 1024 * 1024 });
    await once(log, 'open');
    return new OutputCapture(o, log);
  }

  /** Feeds a chunk from a pipe. Returns false when the log is behind: pause the pipes until `onDrain`. */
  write(stream: ToolStream, chunk: Uint8Array): boolean {
    this.bytes += chunk.byteLength;
    this.emit(stream, this.splitters[stream].push(chunk));
    return !this.log.writableNeedDrain || this.logError !== null;
  }

  endStream(stream: ToolStream): void {
    this.emit(stream, this.splitters[stream].end());
  }

  /** A line from the runner itself (why a run was stopped, leftovers ended); always logged. */
  system(text: string): void {
    this.emit('system', [{ text, end: 'lf' }]);
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
    return this.ring.toArray();
  }

  async close(): Promise<void> {
    if (this.log.closed || this.log.destroyed) return;
    const closed = once(this.log, 'close').catch(() => undefined);
    this.log.end();
    await closed;
  }

  private emit(stream: Stream, pieces: LinePiece[]): void {
    if (pieces.length === 0) return;
    const batch: OutputLine[] = [];
    // One write per batch, not per line: a stream write costs far more than the concatenation.
    let records = '';
    let limitHit = false;
    for (const { text, end } of pieces) {
      if (stream !== 'system') {
        if (this.capped) continue;
        const size = Buffer.byteLength(text) + (end === 'crlf' ? 2 : end === 'lf' ? 1 : 0);
        if (this.loggedBytes + size > this.o.logBytes) {
          this.capped = limitHit = true;
          continue;
        }
        this.loggedBytes += size;
      }
      this.seq += 1;
      const line: OutputLine = { seq: this.seq, stream, text, ts: this.o.now() };
      this.ring.push(line);
      if (this.logError === null) records += formatLogRecord(line, end);
      batch.push(line);
    }
    if (records.length > 0 && this.logError === null) this.log.write(records);
    if (batch.length > 0 && this.o.onOutput) {
      try {
        this.o.onOutput(batch);
      } catch {
        // A listener's failure must not break the run; the log still has every line.
      }
    }
    // Only after this batch went out, so listeners see sequence numbers in order.
    if (limitHit) this.o.onLimit();
  }
}
