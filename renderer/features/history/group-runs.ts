import type { JobRecord } from '../../../shared/jobs';

export type HistoryItem = { kind: 'run'; record: JobRecord } | { kind: 'watch'; watchId: string; records: JobRecord[] };

/**
 * Runs newest first, a watch's runs gathered under one heading at the place of its newest run (a watch can make
 * dozens of runs in an hour; one after another they would push everything else out of sight).
 */
export function groupRuns(newestFirst: readonly JobRecord[]): HistoryItem[] {
  const byWatch = new Map<string, JobRecord[]>();
  for (const r of newestFirst) {
    if (!r.watchId) continue;
    const list = byWatch.get(r.watchId);
    if (list) list.push(r);
    else byWatch.set(r.watchId, [r]);
  }
  const items: HistoryItem[] = [];
  for (const r of newestFirst) {
    if (!r.watchId) items.push({ kind: 'run', record: r });
    else if (byWatch.get(r.watchId)?.[0] === r) items.push({ kind: 'watch', watchId: r.watchId, records: byWatch.get(r.watchId) ?? [r] });
  }
  return items;
}
