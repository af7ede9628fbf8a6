import type { OutputLine } from '../../../shared/jobs';

/** Schedules one flush (an animation frame in the app; tests pass a synchronous or manual one). */
export type Scheduler = (flush: () => void) => () => void;

export const frameScheduler: Scheduler = (flush) => {
  if (typeof requestAnimationFrame !== 'function') {
    const t = setTimeout(flush, 16);
    return () => clearTimeout(t);
  }
  const id = requestAnimationFrame(flush);
  return () => cancelAnimationFrame(id);
};

/** Lines kept for display; older ones stay in run.log (the truncation notice opens it). */
export const MAX_LINES = 200_000;

/**
 * One job's console lines: an append-only array fed by `jobs.get` (the lines so far) and live `job:output`
 * batches. Every line has a seq; anything at or below the last seq seen is a duplicate and dropped. Live lines
 * that arrive before the snapshot are held until it lands. Appends are batched into one version bump per frame,
 * so 100,000 lines streaming in cost a few renders, not 100,000.
 */
export class LineStore {
  readonly lines: OutputLine[] = [];
  /** Lines dropped from the front to stay under the cap. */
  dropped = 0;
  private lastSeq = 0;
  private seeded = false;
  private held: OutputLine[] = [];
  private pending: OutputLine[] = [];
  private cancelFlush: (() => void) | null = null;
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly schedule: Scheduler = frameScheduler,
    private readonly maxLines = MAX_LINES,
  ) {}

  /** The snapshot from `jobs.get`; may be called again (a reload) and only adds what is new. */
  seed(lines: readonly OutputLine[], lastSeq: number): void {
    const first = !this.seeded;
    this.seeded = true;
    this.accept(lines);
    const held = this.held;
    this.held = [];
    this.lastSeq = Math.max(this.lastSeq, lastSeq);
    this.accept(held);
    const version = this.version;
    this.flush();
    // Being seeded changes what the console says ("Loading output…" → its empty text) even with no lines to add.
    if (first && this.version === version) this.notify();
  }

  /** A live batch. */
  push(lines: readonly OutputLine[]): void {
    if (!this.seeded) {
      for (const line of lines) this.held.push(line);
      return;
    }
    if (this.accept(lines) && !this.cancelFlush) this.cancelFlush = this.schedule(() => this.flush());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  get isSeeded(): boolean {
    return this.seeded;
  }

  private accept(lines: readonly OutputLine[]): boolean {
    let added = false;
    for (const line of lines) {
      if (line.seq <= this.lastSeq) continue;
      this.lastSeq = line.seq;
      this.pending.push(line);
      added = true;
    }
    return added;
  }

  private flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    if (this.pending.length === 0) return;
    // A loop, not push(...pending): spreading a huge batch can overflow the call stack.
    for (const line of this.pending) this.lines.push(line);
    this.pending = [];
    if (this.lines.length > this.maxLines) {
      // Drop a tenth more than needed so this O(n) splice happens rarely.
      const drop = this.lines.length - this.maxLines + Math.floor(this.maxLines / 10);
      this.lines.splice(0, drop);
      this.dropped += drop;
    }
    this.notify();
  }

  private notify(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
