/**
 * A seeded PRNG (mulberry32) and the distributions the workloads need, so every run of a benchmark sees the same
 * numbers. Hand-written: a few lines, and no installed package offers a seedable generator.
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
export function normal(rand: Random): number {
  const u = 1 - rand(); // (0, 1]: log(0) is not a number
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median and sigma (of the underlying normal). */
export function logNormal(rand: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rand));
}

/** Exponential with the given mean: the gaps between Poisson arrivals. */
export function exponential(rand: Random, mean: number): number {
  return -mean * Math.log(1 - rand());
}
