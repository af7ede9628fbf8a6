/**
 * Runs `task(i)` for i in [0, count) with at most `concurrency` in flight, the way a fixed set of slots would.
 * Hand-written rather than p-queue: the raw-spawn baseline must carry no scheduling library at all.
 */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
