import { describe, expect, it } from 'vitest';
import { DEFAULT_DURATION_MS, DurationStats, estimateQueue, percentile, remainingFromSamples, remainingMs, tailFloorMs, type Durations } from '../../../main/queue';
import { record } from '../store/helpers';

const table: Record<string, Durations> = { A: { typical: 10_000, pessimistic: 20_000 }, B: { typical: 60_000, pessimistic: 90_000 } };
const durations = (toolId: string): Durations => table[toolId] as Durations;
const now = 1_000_000;

describe('estimateQueue (pure simulation)', () => {
  it('matches a schedule worked out by hand', () => {
    const est = estimateQueue({
      now,
      concurrency: 2,
      running: [
        { jobId: 'r1', toolId: 'A', startedAt: now - 4_000 }, // 6 s left (16 s pessimistic)
        { jobId: 'r2', toolId: 'B', startedAt: now - 70_000 }, // past its typical 60 s: 10% of it, 6 s; 20 s pessimistic
      ],
      waiting: [
        { jobId: 'w1', toolId: 'A' },
        { jobId: 'w2', toolId: 'B' },
        { jobId: 'w3', toolId: 'A' },
      ],
      durations,
    });
    // typical:     slots [6,6]   → w1 6..16, w2 6..66, w3 16..26
    // pessimistic: slots [16,20] → w1 16..36, w2 20..110, w3 36..56
    expect(Object.fromEntries(est)).toEqual({
      r1: { waitMs: [0, 0], finishMs: [6_000, 16_000] },
      r2: { waitMs: [0, 0], finishMs: [6_000, 20_000] },
      w1: { waitMs: [6_000, 16_000], finishMs: [16_000, 36_000] },
      w2: { waitMs: [6_000, 20_000], finishMs: [66_000, 110_000] },
      w3: { waitMs: [16_000, 36_000], finishMs: [26_000, 56_000] },
    });
  });

  it('free slots start jobs at once; the next waits for the earliest end', () => {
    const est = estimateQueue({ now, concurrency: 2, running: [], waiting: ['A', 'B', 'A'].map((t, i) => ({ jobId: `w${i}`, toolId: t })), durations });
    expect(est.get('w0')?.waitMs).toEqual([0, 0]);
    expect(est.get('w1')?.waitMs).toEqual([0, 0]);
    expect(est.get('w2')).toEqual({ waitMs: [10_000, 20_000], finishMs: [20_000, 40_000] });
  });

  it('with more running than the (lowered) limit, a job waits until the surplus has ended', () => {
    const running = [1, 2, 3].map((s, i) => ({ jobId: `r${i}`, toolId: 'A', startedAt: now - (10_000 - s * 1000) }));
    const est = estimateQueue({ now, concurrency: 2, running, waiting: [{ jobId: 'w', toolId: 'A' }], durations });
    expect(est.get('w')?.waitMs[0]).toBe(2_000);
  });

  it('while paused, waiting jobs have no estimate; running ones keep theirs', () => {
    const est = estimateQueue({
      now,
      concurrency: 1,
      running: [{ jobId: 'r', toolId: 'A', startedAt: now }],
      waiting: [{ jobId: 'w', toolId: 'A' }],
      durations,
      paused: true,
    });
    expect(est.get('w')).toBeNull();
    expect(est.get('r')).toEqual({ waitMs: [0, 0], finishMs: [10_000, 20_000] });
  });

  it('a running job\'s remaining time comes from the recent runs that lasted longer than it has so far', () => {
    const samples = [10_000, 20_000, 30_000, 40_000, 100_000, 200_000];
    // Runs longer than 25 s had 5, 15, 75 and 175 s left at that point.
    expect(remainingFromSamples(samples, 25_000, 'typical')).toBe(45_000);
    expect(remainingFromSamples(samples, 25_000, 'pessimistic')).toBeCloseTo(160_000); // their 95th percentile
    // Too few longer runs to say: the caller falls back to remainingMs.
    expect(remainingFromSamples(samples, 60_000, 'typical')).toBeNull();
    // A long-running job holds its slot for longer than "expected minus elapsed" says (that would give 2.5 s here).
    const est = estimateQueue({
      now,
      concurrency: 1,
      running: [{ jobId: 'r', toolId: 'A', startedAt: now - 25_000 }],
      waiting: [{ jobId: 'w', toolId: 'A' }],
      durations: () => ({ typical: 25_000, pessimistic: 150_000 }),
      samples: () => samples,
    });
    expect(est.get('w')?.waitMs[0]).toBe(45_000);
    expect(est.get('w')?.waitMs[1]).toBeCloseTo(160_000);
  });

  it('the pessimistic rest of a run past its median grows with what it has run (long tails)', () => {
    const d: Durations = { typical: 20_000, pessimistic: 40_000 };
    // Before the median: no floor. Past it: elapsed × (pessimistic / median − 1).
    expect(tailFloorMs(d, 10_000)).toBe(0);
    expect(tailFloorMs(d, 30_000)).toBe(30_000);
    expect(tailFloorMs(d, 100_000)).toBe(100_000);
    // An overrun (100 s, past the 40 s pessimistic figure) was "10 % of expected" pessimistic, 4 s; now 100 s.
    const running = [{ jobId: 'r', toolId: 'A', startedAt: now - 100_000 }];
    const waiting = [{ jobId: 'w', toolId: 'A' }];
    const est = estimateQueue({ now, concurrency: 1, running, waiting, durations: () => d });
    expect(est.get('w')?.waitMs).toEqual([2_000, 100_000]);
    // With recent runs, three of which lasted longer than 30 s (35, 36 and 37 s: 5–7 s left), the samples alone say
    // 6.9 s (their 95th percentile); the floor says 30 s. The typical figure still comes from the samples.
    const samples = [10_000, 15_000, 20_000, 25_000, 35_000, 36_000, 37_000];
    const mid = estimateQueue({ now, concurrency: 1, running: [{ jobId: 'r', toolId: 'A', startedAt: now - 30_000 }], waiting, durations: () => d, samples: () => samples });
    expect(mid.get('w')?.waitMs).toEqual([6_000, 30_000]);
  });

  it('an overrunning job is given a small positive remainder', () => {
    expect(remainingMs(10_000, 4_000)).toBe(6_000);
    expect(remainingMs(10_000, 50_000)).toBe(1_000);
    expect(remainingMs(100_000, 150_000)).toBe(10_000);
    expect(remainingMs(500, 600)).toBe(1_000);
  });
});

describe('DurationStats', () => {
  it('median, 90th and 95th percentile by linear interpolation', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBeCloseTo(9.55);
    expect(percentile([7], 0.9)).toBe(7);
  });

  it('keeps the last 100 runs per tool and falls back to all tools, then to 30 s', () => {
    const stats = new DurationStats();
    expect(stats.for('x')).toEqual({ typical: DEFAULT_DURATION_MS, pessimistic: DEFAULT_DURATION_MS });
    for (let i = 0; i < 100; i += 1) stats.add('A', 1_000_000); // pushed out by the next 100
    for (let i = 1; i <= 100; i += 1) stats.add('A', i * 1000);
    expect(stats.for('A')).toEqual({ typical: 50_500, pessimistic: 95_050 }); // 95th percentile (PESSIMISTIC_QUANTILE)
    stats.add('B', 7_000);
    expect(stats.for('B')).toEqual({ typical: 7_000, pessimistic: 7_000 });
    // Unknown tool: the last 100 runs of all tools (A's 2..100 s and B's 7 s).
    const all = [...Array.from({ length: 99 }, (_, i) => (i + 2) * 1000), 7_000].sort((a, b) => a - b);
    expect(stats.for('C')).toEqual({ typical: Math.round(percentile(all, 0.5)), pessimistic: Math.round(percentile(all, 0.95)) });
  });

  it('seeds from history with run times only, skipping runs cut short', () => {
    const stats = new DurationStats();
    stats.seed([
      record('a', { toolId: 'T', durationMs: 4_000, finishedAt: 1 }),
      record('b', { toolId: 'T', status: 'timeout', durationMs: 8_000, finishedAt: 2 }),
      record('c', { toolId: 'T', status: 'cancelled', durationMs: 999_000, finishedAt: 3 }),
      record('d', { toolId: 'T', status: 'error', durationMs: 999_000, finishedAt: 4 }),
      record('e', { toolId: 'T', status: 'interrupted', durationMs: null, finishedAt: null }),
    ]);
    expect(stats.for('T')).toEqual({ typical: 6_000, pessimistic: 7_800 });
  });
});
