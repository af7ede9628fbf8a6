import type { JobView } from '../../../shared/jobs';

/** "~10–25 s", "~40–70 s", "~2–4 min", "~1–2 h"; the ends are rounded to the unit of the larger one. */
export function formatRange(range: readonly [number, number]): string {
  const lo = Math.max(0, Math.min(range[0], range[1]));
  const hi = Math.max(0, range[0], range[1]);
  const unit = hi < 120_000 ? { ms: 1000, name: 's' } : hi < 3_600_000 ? { ms: 60_000, name: 'min' } : { ms: 3_600_000, name: 'h' };
  const a = Math.round(lo / unit.ms);
  const b = Math.max(a, Math.round(hi / unit.ms));
  if (b === 0) return 'a moment';
  if (a === b) return `~${b} ${unit.name}`;
  return `~${a}–${b} ${unit.name}`;
}

const shift = (range: readonly [number, number], elapsed: number): [number, number] => [range[0] - elapsed, range[1] - elapsed];

/**
 * The estimate of a waiting or running job, `elapsedMs` after it was computed:
 * "Starts in ~10–25 s, done in ~40–70 s" / "Done in ~5–20 s".
 */
export function estimateText(view: JobView, elapsedMs: number, paused: boolean): string | null {
  const status = view.record.status;
  if (status === 'queued' && paused) return 'The queue is paused: this job starts when you resume it.';
  if (!view.estimate) return status === 'queued' ? 'Waiting for a free slot.' : null;
  const finish = shift(view.estimate.finishMs, elapsedMs);
  if (status === 'queued') {
    const wait = shift(view.estimate.waitMs, elapsedMs);
    const starts = wait[1] <= 0 ? 'Starts any moment' : `Starts in ${formatRange(wait)}`;
    return `${starts}, done in ${formatRange([Math.max(finish[0], 0), Math.max(finish[1], 0)])}`;
  }
  if (status === 'running') return finish[1] <= 0 ? 'Taking longer than usual…' : `Done in ${formatRange(finish)}`;
  return null;
}

/** 1 → "Next in line", 2 → "2nd in line". */
export function placeText(position: number): string {
  if (position === 1) return 'Next in line';
  const mod100 = position % 100;
  const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[position % 10] ?? 'th';
  return `${position}${suffix} in line`;
}
