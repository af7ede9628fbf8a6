import { performance } from 'node:perf_hooks';

/**
 * Intake makes tens of thousands of tiny file-system calls. Through the libuv pool each one is a thread hand-off and
 * a promise (measured at 100–250 µs per file on a loaded 2-core machine, against a few µs for the call itself), so
 * the scan makes them synchronously instead, in slices: at most `sliceMs` of work, then one turn of the event loop
 * (IPC, timers, a cancel) before the next slice. (The copy makes them synchronously too, in its own threads:
 * copy-pool.ts.) A call stuck on a dead mount still stalls the scan's thread, which is the main one.
 *
 * Returns a function to call between units of work: undefined while the slice lasts, else a promise to await.
 */
export function timeSlicer(sliceMs = 8): () => Promise<void> | undefined {
  let start = performance.now();
  return () => {
    if (performance.now() - start < sliceMs) return undefined;
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        start = performance.now();
        resolve();
      });
    });
  };
}
