import type { Estimate } from '../../shared/jobs';
import type { Durations } from './durations';

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
 * Simulates the queue: each slot becomes free when its running job's remaining time is over; each waiting job,
 * in order, takes the earliest free slot for its tool's duration. Done once with typical (median) durations and
 * once with pessimistic (90th percentile) ones. Pure: everything, the clock included, comes in `input`.
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
    const left = remainingMs(input.durations(r.toolId)[which], input.now - r.startedAt);
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
