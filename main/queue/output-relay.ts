import type { OutputLine } from '../../shared/jobs';
import { LineRing } from '../runner/line-ring';

/**
 * One job's live output: the last lines for late subscribers, and batched delivery (at most one message per
 * `batchMs`, lines combined) so a chatty tool cannot flood IPC.
 *
 * No gap, no duplicate: snapshot() first sends what is pending, then copies the ring. Every line in the snapshot
 * has therefore already been sent, and every later message holds only lines with seq > the snapshot's lastSeq.
 */
/**
 * A flood is delivered as a stream of modest messages rather than one of many megabytes, so neither IPC nor the
 * renderer stalls on a single huge batch; what waits for delivery is bounded by the ring size (older lines stay in
 * run.log).
 */
export const MAX_LINES_PER_MESSAGE = 2_000;

export class OutputRelay {
  /** Bounded by lines and by characters: 10,000 lines of 64 KiB each would otherwise hold over a gigabyte. */
  private readonly ring: LineRing;
  private pending: OutputLine[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  lastSeq = 0;

  constructor(
    keep: number,
    private readonly batchMs: number,
    private readonly send: (lines: OutputLine[]) => void,
  ) {
    this.keep = Math.max(1, Math.floor(keep));
    this.ring = new LineRing(this.keep);
  }

  private readonly keep: number;

  push(lines: readonly OutputLine[]): void {
    if (this.closed) return;
    for (const line of lines) {
      // The runner sequences lines; a repeat (seq not above the last) would be a duplicate downstream.
      if (line.seq <= this.lastSeq) continue;
      this.lastSeq = line.seq;
      this.ring.push(line);
      this.pending.push(line);
    }
    // Lines the console would not keep anyway are not held for delivery either.
    if (this.pending.length > this.keep + MAX_LINES_PER_MESSAGE) this.pending.splice(0, this.pending.length - this.keep);
    if (this.pending.length > 0 && !this.timer) {
      this.timer = setTimeout(() => this.flush(), this.batchMs);
    }
  }

  /** Sends the next message; what is left goes in later ones, one per batchMs. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const lines = this.pending.length > MAX_LINES_PER_MESSAGE ? this.pending.splice(0, MAX_LINES_PER_MESSAGE) : this.pending;
    if (lines === this.pending) this.pending = [];
    this.send(lines);
    if (this.pending.length > 0 && !this.closed) this.timer = setTimeout(() => this.flush(), this.batchMs);
  }

  /** Sends everything pending now (in messages of at most MAX_LINES_PER_MESSAGE lines). */
  private drain(): void {
    while (this.pending.length > 0) this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  snapshot(): { output: OutputLine[]; lastSeq: number } {
    this.drain();
    return { output: this.ring.toArray(), lastSeq: this.lastSeq };
  }

  /** Sends what is pending; later pushes (a late emit after the run ended) are ignored. */
  close(): void {
    this.drain();
    this.closed = true;
  }
}
