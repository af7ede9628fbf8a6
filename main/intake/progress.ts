import type { ProgressReport } from './types';

export const PROGRESS_INTERVAL_MS = 100;

/**
 * Returns a reporter that passes at most one report per interval to `onProgress`. The first report passes at once,
 * so the window shows progress (and can offer Cancel) from the first file, however fast the rest goes.
 */
export function throttleProgress(
  onProgress: ((p: ProgressReport) => void) | undefined,
  now: () => number,
  intervalMs = PROGRESS_INTERVAL_MS,
): (files: number, bytes: number) => void {
  if (!onProgress) return () => {};
  let last = -Infinity;
  return (files, bytes) => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    onProgress({ files, bytes });
  };
}
