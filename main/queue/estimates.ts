import type { Estimate } from '../../shared/jobs';
import { percentile, PESSIMISTIC_QUANTILE, type Durations } from './durations';

export interface RunningJob {
  jobId: string;
  toolId: string;
  startedAt: number;
}
export interface WaitingJob {
  jobId: string;
  toolId: string;
}

export interface EstimateInput {
  now: number;
  concurrency: number;
  /** Running jobs, any order. */
  running: readonly RunningJob[];
  /** Waiting jobs in the order they will start. */
  waiting: readonly WaitingJob[];
  durations: (toolId: string) => Durations;
  /** Recent run times per tool: a running job's remaining time is read from the runs that lasted longer than it has. */
  samples?: (toolId: string) => readonly number[];
  /** While paused nothing starts, so waiting jobs get no estimate (null). */
  paused?: boolean;
}

/** A run past its expected length is assumed nearly done: 10% of its expected length, at least 1 s. */
export const MIN_OVERRUN_MS = 1000;
export function remainingMs(expected: number, elapsed: number): number {
  const left = expected - Math.max(0, elapsed);
  return left > 0 ? left : Math.max(MIN_OVERRUN_MS, expected * 0.1);
}

/**
 * A floor under the pessimistic rest of a run that is already past its tool's median. Run times have long tails
 * (roughly log-normal): the longer a run has gone, the longer its rest is likely to be, in proportion to what it has
 * run. So the rest is at least the elapsed time scaled by the tool's own spread (pessimistic / median − 1). The
 * recent runs alone under-read that tail once only a few of them lasted as long (a high percentile of three or four
 * runs is near their second longest), and "10 % of expected" for an overrun says it is nearly done when it is a tail
 * run; both missed the waits queued behind such a run.
 */
export function tailFloorMs(d: Durations, elapsed: number): number {
  if (d.typical <= 0 || elapsed < d.typical) return 0;
  return elapsed * Math.max(0, d.pessimistic / d.typical - 1);
}

/** Fewer longer runs than this and the remaining time falls back to `remainingMs`. */
export const MIN_LONGER_RUNS = 3;

/**
 * How much longer a job that has run `elapsed` ms will take: the median (typical) or PESSIMISTIC_QUANTILE (pessimistic)
 * of what the recent runs that lasted longer than `elapsed` still had left at that point. "Expected minus elapsed"
 * would ignore that a run already past most of its peers is likely a long one (log-normal tails), and the
 * pessimistic bound then missed the waits behind it.
 */
export function remainingFromSamples(samples: readonly number[], elapsed: number, which: keyof Durations): number | null {
  const longer = samples.filter((d) => d > elapsed).map((d) => d - elapsed);
  if (longer.length < MIN_LONGER_RUNS) return null;
  // Whole milliseconds, as the duration table gives them: float noise would only make equal estimates unequal.
  return Math.round(percentile(longer.sort((a, b) => a - b), which === 'typical' ? 0.5 : PESSIMISTIC_QUANTILE));
}

/**
 * Simulates the queue: each slot becomes free when its running job's remaining time is over; each waiting job,
 * in order, takes the earliest free slot for its tool's duration. Done once with typical (median) durations and
 * once with pessimistic (95th percentile) ones. Pure: everything, the clock included, comes in `input`.
 */
export function estimateQueue(input: EstimateInput): Map<string, Estimate | null> {
  const typical = simulate(input, 'typical');
  const pessimistic = simulate(input, 'pessimistic');
  const out = new Map<string, Estimate | null>();
  for (const [id, t] of typical) {
    const p = pessimistic.get(id);
    if (!t || !p) {
      out.set(id, null);
      continue;
    }
    out.set(id, {
      waitMs: [t.wait, Math.max(t.wait, p.wait)],
      finishMs: [t.finish, Math.max(t.finish, p.finish)],
    });
  }
  return out;
}

type Times = { wait: number; finish: number } | null;

function simulate(input: EstimateInput, which: keyof Durations): Map<string, Times> {
  const out = new Map<string, Times>();
  const concurrency = Math.max(1, Math.floor(input.concurrency));
  const remaining = input.running.map((r) => {
    const elapsed = input.now - r.startedAt;
    const fromSamples = input.samples ? remainingFromSamples(input.samples(r.toolId), elapsed, which) : null;
    const d = input.durations(r.toolId);
    let left = fromSamples ?? remainingMs(d[which], elapsed);
    // Without recent runs to read (a caller that gives only the table), the table's "pessimistic − elapsed"
    // stands until the run passes it.
    if (which === 'pessimistic' && (input.samples !== undefined || elapsed >= d.pessimistic)) left = Math.max(left, tailFloorMs(d, elapsed));
    out.set(r.jobId, { wait: 0, finish: left });
    return left;
  });
  if (input.paused) {
    for (const w of input.waiting) out.set(w.jobId, null);
    return out;
  }
  // When more run than the limit (it was lowered), a new job starts only once the surplus has ended:
  // the slots that matter are the `concurrency` latest to free.
  const slots = remaining.sort((a, b) => a - b).slice(-concurrency);
  while (slots.length < concurrency) slots.unshift(0);
  for (const w of input.waiting) {
    const start = slots.shift() as number;
    const finish = start + input.durations(w.toolId)[which];
    insertSorted(slots, finish);
    out.set(w.jobId, { wait: start, finish });
  }
  return out;
}

/** Slots are few (the core count), so a sorted array beats a heap here. */
function insertSorted(a: number[], v: number): void {
  let i = a.length;
  while (i > 0 && (a[i - 1] as number) > v) i -= 1;
  a.splice(i, 0, v);
}
