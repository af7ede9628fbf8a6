import type { JobRecord, JobStatus } from '../../shared/jobs';

export interface Durations {
  /** Median run time, ms. */
  typical: number;
  /** 95th percentile run time (PESSIMISTIC_QUANTILE), ms. */
  pessimistic: number;
}

/**
 * The quantile of a tool's recent run times behind the pessimistic estimate. A wait behind one run is that run's
 * rest, so a bound built from 90th percentiles covers about 90 % of such waits, and fewer once the hand-offs between
 * jobs add their bit; the estimate bench measured 93 % at 90 % load. The 95th keeps "at worst" true for at least
 * 19 waits in 20 (measured in bench/estimates.ts against an oracle that knows the true distributions).
 */
export const PESSIMISTIC_QUANTILE = 0.95;

export const WINDOW = 100;
export const DEFAULT_DURATION_MS = 30_000;

/**
 * Runs whose length says how long the tool takes. Cancelled, errored and interrupted runs were cut short by
 * something else; a timeout or limit run did take that long, and the pessimistic figure should know it.
 */
const COUNTED: ReadonlySet<JobStatus> = new Set(['completed', 'problems', 'failed', 'timeout', 'output-limit', 'memory-limit', 'process-limit', 'write-limit']);

export const countsTowardDurations = (r: Pick<JobRecord, 'status' | 'durationMs'>): boolean =>
  COUNTED.has(r.status) && typeof r.durationMs === 'number' && Number.isFinite(r.durationMs) && r.durationMs >= 0;

/** Linear interpolation between closest ranks (as numpy's default); `sorted` is ascending and non-empty. */
export function percentile(sorted: readonly number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

function summarize(window: readonly number[]): Durations {
  const sorted = [...window].sort((a, b) => a - b);
  // Whole milliseconds: estimates are shown to people, and float noise would only make them unequal.
  return { typical: Math.round(percentile(sorted, 0.5)), pessimistic: Math.round(percentile(sorted, PESSIMISTIC_QUANTILE)) };
}

/** Rolling windows of the last 100 run times per tool and over all tools. */
export class DurationStats {
  private readonly perTool = new Map<string, number[]>();
  private readonly all: number[] = [];
  private readonly cache = new Map<string, Durations>();
  private allCache: Durations | null = null;

  add(toolId: string, ms: number): void {
    let w = this.perTool.get(toolId);
    if (!w) this.perTool.set(toolId, (w = []));
    push(w, ms);
    push(this.all, ms);
    this.cache.delete(toolId);
    this.allCache = null;
  }

  /** Seeds from history, oldest first, so the windows hold the most recent runs. */
  seed(records: readonly JobRecord[]): void {
    const runs = records.filter(countsTowardDurations).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    for (const r of runs) this.add(r.toolId, r.durationMs as number);
  }

  /** The recent run times behind for(): this tool's, else all tools' (empty before any run). */
  samples(toolId: string): readonly number[] {
    const w = this.perTool.get(toolId);
    return w && w.length > 0 ? w : this.all;
  }

  /** This tool's figures, else all tools', else 30 s. */
  for(toolId: string): Durations {
    const cached = this.cache.get(toolId);
    if (cached) return cached;
    const w = this.perTool.get(toolId);
    if (w && w.length > 0) {
      const d = summarize(w);
      this.cache.set(toolId, d);
      return d;
    }
    if (this.all.length > 0) return (this.allCache ??= summarize(this.all));
    return { typical: DEFAULT_DURATION_MS, pessimistic: DEFAULT_DURATION_MS };
  }
}

function push(window: number[], ms: number): void {
  window.push(ms);
  if (window.length > WINDOW) window.shift();
}
