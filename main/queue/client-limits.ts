import { AppError } from '../../shared/errors';
import { DEFAULT_PER_WATCH_HOURLY } from '../../shared/settings';
import { formatClockTime } from './clock-time';

export const HOUR_MS = 60 * 60 * 1000;

const jobs = (n: number): string => `${n} job${n === 1 ? '' : 's'}`;

/**
 * Per-client limits: active (waiting + running) jobs and submits per rolling hour; 0 turns a limit off.
 * The caller counts active jobs (it knows when a job ends); this keeps the submit times.
 *
 * A watch's runs have a budget of their own (perWatchHourly, per watch) instead of the client's hourly one. Why:
 * the hourly limit is there to stop a window from flooding the queue by hand; a watch starts a run after every
 * settled burst of saves, so a normal edit session spends 20 in minutes and the watch would go quiet, or spend the
 * window's own budget. Its runs still count as the client's active jobs (a watch cancels its stale run before
 * starting the next, so it holds one), and the per-watch bound (240 an hour by default, one per 15 s on average)
 * still stops a runaway: a folder that something rewrites every second.
 */
export class ClientLimits {
  private readonly submits = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /**
   * Throws AppError('limit') naming the limit hit. `nextEnd` estimates when one of the client's jobs ends,
   * given as retryAt when known (an estimate, so the message does not promise a time).
   */
  check(
    clientId: string,
    active: number,
    limits: { perClientActive: number; perClientHourly: number; perWatchHourly?: number | undefined },
    nextEnd?: () => number | null,
    watchId?: string,
  ): void {
    const max = limits.perClientActive;
    if (max > 0 && active >= max) {
      const retryAt = nextEnd?.() ?? null;
      throw new AppError(
        'limit',
        `You have ${jobs(active)} waiting or running; the limit is ${max}. The next slot frees when one of them ends.`,
        { limit: 'perClientActive', max, ...(retryAt !== null ? { retryAt } : {}) },
      );
    }
    if (watchId !== undefined) {
      this.checkWatch(watchId, limits.perWatchHourly ?? DEFAULT_PER_WATCH_HOURLY);
      return;
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

  private checkWatch(watchId: string, hourly: number): void {
    if (hourly <= 0) return;
    const recent = this.window(watchKey(watchId));
    if (recent.length < hourly) return;
    const retryAt = (recent[recent.length - hourly] as number) + HOUR_MS;
    throw new AppError(
      'limit',
      `This watch has started ${recent.length} runs in the last hour; the limit for a watch is ${hourly}. It runs the latest changes at ${formatClockTime(retryAt)}.`,
      { limit: 'perWatchHourly', max: hourly, retryAt },
    );
  }

  /**
   * Counts a submit (against the watch's budget when it is one of a watch's runs); returns a function that takes it
   * back (the submit failed before the job was queued).
   */
  record(clientId: string, watchId?: string): () => void {
    const key = watchId === undefined ? clientId : watchKey(watchId);
    const at = this.now();
    const list = this.window(key);
    list.push(at);
    this.submits.set(key, list);
    return () => {
      const current = this.submits.get(key);
      const i = current ? current.lastIndexOf(at) : -1;
      if (current && i >= 0) current.splice(i, 1);
    };
  }

  /** The submit times of a client (or watch) within the last hour, oldest first; older ones are dropped. */
  private window(key: string): number[] {
    const since = this.now() - HOUR_MS;
    const list = this.submits.get(key) ?? [];
    const kept = list.filter((t) => t > since);
    if (kept.length === 0) this.submits.delete(key);
    else this.submits.set(key, kept);
    return kept;
  }
}

/** Watches and clients share one map of windows; client ids never start with a NUL. */
const watchKey = (watchId: string): string => `\0watch:${watchId}`;
