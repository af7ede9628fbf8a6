import type { Queue, QueueAddOptions } from 'p-queue';
import type { Priority } from '../../shared/jobs';

type RunFunction = () => Promise<unknown>;

/** p-queue runs the higher number first, FIFO within a number. */
export const PRIORITY_RANK: Record<Priority, number> = { interactive: 1, batch: 0 };

interface Entry {
  run: RunFunction;
  priority: number;
  id: string;
}

type LineOptions = QueueAddOptions;

/**
 * p-queue's waiting line, given to it as its `queueClass`: p-queue decides what starts next, and positions are read
 * from the very line it dequeues from, so there is one order, not a copy kept beside it. Hand-written rather than
 * subclassing p-queue's PriorityQueue because that class keeps its entries private and cannot list them in order.
 */
export class WaitingLine implements Queue<RunFunction, LineOptions> {
  private entries: Entry[] = [];

  get size(): number {
    return this.entries.length;
  }

  enqueue(run: RunFunction, options: Partial<LineOptions> = {}): void {
    const entry = { run, priority: options.priority ?? 0, id: options.id ?? '' };
    let i = this.entries.length;
    while (i > 0 && (this.entries[i - 1] as Entry).priority < entry.priority) i -= 1;
    this.entries.splice(i, 0, entry);
  }

  dequeue(): RunFunction | undefined {
    return this.entries.shift()?.run;
  }

  filter(options: Readonly<Partial<LineOptions>>): RunFunction[] {
    return this.entries.filter((e) => e.priority === options.priority).map((e) => e.run);
  }

  setPriority(id: string, priority: number): void {
    const i = this.entries.findIndex((e) => e.id === id);
    if (i < 0) throw new ReferenceError(`No job ${id} is waiting.`);
    const [entry] = this.entries.splice(i, 1) as [Entry];
    this.enqueue(entry.run, { priority, id });
  }

  /** p-queue calls this when a waiting task's signal is aborted (a cancelled waiting job). */
  remove(id: string): void {
    const i = this.entries.findIndex((e) => e.id === id);
    if (i >= 0) this.entries.splice(i, 1);
  }

  /** Job ids in the order they will start. */
  ids(): string[] {
    return this.entries.map((e) => e.id);
  }
}

/**
 * A WaitingLine class that hands each instance p-queue makes (at construction and on clear()) to `onCreate`, so the
 * queue service can read the line p-queue is actually using.
 */
export function observedLine(onCreate: (line: WaitingLine) => void): new () => WaitingLine {
  return class ObservedLine extends WaitingLine {
    constructor() {
      super();
      onCreate(this);
    }
  };
}
