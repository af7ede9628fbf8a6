import type { ProgressReport } from './types';

export const PROGRESS_INTERVAL_MS = 100;

/** Returns a reporter that passes at most one report per interval to `onProgress`. */
export function throttleProgress(
  onProgress: ((p: ProgressReport) => void) | undefined,
  now: () => number,
  intervalMs = PROGRESS_INTERVAL_MS,
): (files: number, bytes: number) => void {
  if (!onProgress) return () => {};
  let last = now();
  return (files, bytes) => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    onProgress({ files, bytes });
  };
}
