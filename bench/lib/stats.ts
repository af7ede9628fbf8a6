import { percentile as percentileOfSorted } from '../../main/queue/durations';

/** Small descriptive statistics for benchmark samples. */

export function median(xs: readonly number[]): number {
  return percentile(xs, 0.5);
}

/** The queue's own percentile (linear interpolation between closest ranks) of an unsorted sample; NaN when empty. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  return percentileOfSorted([...xs].sort((a, b) => a - b), p);
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Runs `fn` `reps` times, one after the other, and returns every result. */
export async function repeat<T>(reps: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < reps; i += 1) out.push(await fn(i));
  return out;
}
