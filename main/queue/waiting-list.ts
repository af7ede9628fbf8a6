import type { Priority } from '../../shared/jobs';

export interface WaitingEntry {
  jobId: string;
  toolId: string;
  clientId: string;
  priority: Priority;
  /** Aborting it takes the task out of p-queue (its queued-abort support). Never aborted once running. */
  dequeue: AbortController;
}

/** p-queue runs the higher number first, FIFO within a number. */
export const PRIORITY_RANK: Record<Priority, number> = { interactive: 1, batch: 0 };

/**
 * The waiting jobs in the order p-queue will start them: by priority rank, then arrival. p-queue keeps the same
 * order (stable insertion by priority) but does not expose it, so positions are read from here.
 */
export class WaitingList {
  private items: WaitingEntry[] = [];

  get length(): number {
    return this.items.length;
  }

  add(entry: WaitingEntry): void {
    const rank = PRIORITY_RANK[entry.priority];
    let i = this.items.length;
    while (i > 0 && PRIORITY_RANK[(this.items[i - 1] as WaitingEntry).priority] < rank) i -= 1;
    this.items.splice(i, 0, entry);
  }

  remove(jobId: string): WaitingEntry | undefined {
    const i = this.items.findIndex((e) => e.jobId === jobId);
    return i < 0 ? undefined : this.items.splice(i, 1)[0];
  }

  has(jobId: string): boolean {
    return this.items.some((e) => e.jobId === jobId);
  }

  /** 1 = next to start; null when not waiting. */
  position(jobId: string): number | null {
    const i = this.items.findIndex((e) => e.jobId === jobId);
    return i < 0 ? null : i + 1;
  }

  entries(): readonly WaitingEntry[] {
    return this.items;
  }
}
