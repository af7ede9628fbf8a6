/** Small descriptive statistics for benchmark samples. */

export function median(xs: readonly number[]): number {
  return percentile(xs, 0.5);
}

/** Linear interpolation between closest ranks; NaN for an empty sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
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
