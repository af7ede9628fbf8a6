import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const MB = 1024 * 1024;

// A full collection on demand, so what is measured is what the app holds, not garbage it has yet to collect.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const held = (): number => {
  // Twice: after one collection V8 still counts the freed buffers' memory as external until its buffer sweeper has
  // finished (measured at a flood's peak: 42 MB external after one, 10 MB after two, 8 MB of live buffers).
  collect();
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

export interface MemoryGrowth<T> {
  result: T;
  /** Peak resident memory over the start (includes garbage not yet collected: an upper bound). */
  rss: number;
  /** Peak memory still held after a full collection (JS heap and buffers), over the start. */
  held: number;
}

/** Samples this process's memory while `work` runs. */
export async function memoryGrowth<T>(work: () => Promise<T>, everyMs = 100): Promise<MemoryGrowth<T>> {
  const startRss = process.memoryUsage().rss;
  const startHeld = held();
  let peakRss = startRss;
  let peakHeld = startHeld;
  const sample = (): void => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    peakHeld = Math.max(peakHeld, held());
  };
  const timer = setInterval(sample, everyMs);
  try {
    const result = await work();
    sample();
    return { result, rss: peakRss - startRss, held: peakHeld - startHeld };
  } finally {
    clearInterval(timer);
  }
}
