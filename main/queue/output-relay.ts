import type { OutputLine } from '../../shared/jobs';
import { RingBuffer } from './ring-buffer';

/**
 * One job's live output: the last lines for late subscribers, and batched delivery (at most one message per
 * `batchMs`, lines combined) so a chatty tool cannot flood IPC.
 *
 * No gap, no duplicate: snapshot() first sends what is pending, then copies the ring. Every line in the snapshot
 * has therefore already been sent, and every later message holds only lines with seq > the snapshot's lastSeq.
 */
export class OutputRelay {
  private readonly ring: RingBuffer<OutputLine>;
  private pending: OutputLine[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  lastSeq = 0;

  constructor(
    keep: number,
    private readonly batchMs: number,
    private readonly send: (lines: OutputLine[]) => void,
  ) {
    this.ring = new RingBuffer(Math.max(1, Math.floor(keep)));
  }

  push(lines: readonly OutputLine[]): void {
    if (this.closed) return;
    for (const line of lines) {
      // The runner sequences lines; a repeat (seq not above the last) would be a duplicate downstream.
      if (line.seq <= this.lastSeq) continue;
      this.lastSeq = line.seq;
      this.ring.push(line);
      this.pending.push(line);
    }
    if (this.pending.length > 0 && !this.timer) {
      this.timer = setTimeout(() => this.flush(), this.batchMs);
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.send(lines);
  }

  snapshot(): { output: OutputLine[]; lastSeq: number } {
    this.flush();
    return { output: this.ring.toArray(), lastSeq: this.lastSeq };
  }

  /** Sends what is pending; later pushes (a late emit after the run ended) are ignored. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}
