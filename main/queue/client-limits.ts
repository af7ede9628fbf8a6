import { AppError } from '../../shared/errors';
import { formatClockTime } from './clock-time';

export const HOUR_MS = 60 * 60 * 1000;

const jobs = (n: number): string => `${n} job${n === 1 ? '' : 's'}`;

/**
 * Per-client limits: active (waiting + running) jobs and submits per rolling hour; 0 turns a limit off.
 * The caller counts active jobs (it knows when a job ends); this keeps the submit times.
 */
export class ClientLimits {
  private readonly submits = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /**
   * Throws AppError('limit') naming the limit hit. `nextEnd` estimates when one of the client's jobs ends,
   * given as retryAt when known (an estimate, so the message does not promise a time).
   */
  check(clientId: string, active: number, limits: { perClientActive: number; perClientHourly: number }, nextEnd?: () => number | null): void {
    const max = limits.perClientActive;
    if (max > 0 && active >= max) {
      const retryAt = nextEnd?.() ?? null;
      throw new AppError(
        'limit',
        `You have ${jobs(active)} waiting or running; the limit is ${max}. The next slot frees when one of them ends.`,
        { limit: 'perClientActive', max, ...(retryAt !== null ? { retryAt } : {}) },
      );
    }
    const hourly = limits.perClientHourly;
    if (hourly > 0) {
      const recent = this.window(clientId);
      if (recent.length >= hourly) {
        // The submit that leaves the window first is the one that frees a place.
        const retryAt = (recent[recent.length - hourly] as number) + HOUR_MS;
        throw new AppError(
          'limit',
          `You have submitted ${jobs(recent.length)} in the last hour; the limit is ${hourly}. You can submit again at ${formatClockTime(retryAt)}.`,
          { limit: 'perClientHourly', max: hourly, retryAt },
        );
      }
    }
  }

  /** Counts a submit; returns a function that takes it back (the submit failed before the job was queued). */
  record(clientId: string): () => void {
    const at = this.now();
    const list = this.window(clientId);
    list.push(at);
    this.submits.set(clientId, list);
    return () => {
      const current = this.submits.get(clientId);
      const i = current ? current.lastIndexOf(at) : -1;
      if (current && i >= 0) current.splice(i, 1);
    };
  }

  /** The client's submit times within the last hour, oldest first; older ones are dropped. */
  private window(clientId: string): number[] {
    const since = this.now() - HOUR_MS;
    const list = this.submits.get(clientId) ?? [];
    const kept = list.filter((t) => t > since);
    if (kept.length === 0) this.submits.delete(clientId);
    else this.submits.set(clientId, kept);
    return kept;
  }
}
