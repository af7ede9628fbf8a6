import { WINDOW } from '../../main/queue/durations';

/**
 * The original web portal's estimate: ceil(waiting / concurrency) × the mean of the last 100 run times, all tools
 * together. "waiting" is read two ways (the jobs ahead, or the jobs ahead and this one); both are kept so the
 * portal can be given the better of the two.
 */
export class PortalEstimator {
  private readonly recent: number[] = [];

  add(durationMs: number): void {
    this.recent.push(durationMs);
    if (this.recent.length > WINDOW) this.recent.shift();
  }

  meanMs(): number {
    return this.recent.length === 0 ? 0 : this.recent.reduce((s, x) => s + x, 0) / this.recent.length;
  }

  /** `position` is 1-based among waiting jobs; a free slot at submit means no wait at all. */
  estimate(position: number, concurrency: number, slotFree: boolean): { ahead: number; including: number } {
    if (slotFree) return { ahead: 0, including: 0 };
    const mean = this.meanMs();
    return { ahead: Math.ceil((position - 1) / concurrency) * mean, including: Math.ceil(position / concurrency) * mean };
  }
}
