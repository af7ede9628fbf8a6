import { describe, expect, it } from 'vitest';
import type { QueueStatus } from '../../../shared/jobs';
import { RunStore } from '../../../main/store';
import { record } from '../store/helpers';
import { ControlledExecutor, SETTINGS, spec, tempDataDir, until, useQueues } from './helpers';

const makeQueue = useQueues();
const dataDir = tempDataDir();

describe('QueueService: positions and estimates against a known schedule', () => {
  it('uses history durations and the injected clock, and updates when jobs start and end', async () => {
    const dir = dataDir();
    let clock = 5_000_000;
    const now = () => clock;
    // History: tool A ran 10,10,10,10,20 s (median 10 s, 95th percentile 18 s); tool B always 60 s; a cancelled A run does not count.
    const seedStore = new RunStore({ dataDir: dir });
    const history = [
      ...[10, 10, 10, 10, 20].map((s, i) => record(`a${i}`, { toolId: 'A', durationMs: s * 1000, finishedAt: i + 1 })),
      ...[0, 1, 2, 3, 4].map((i) => record(`b${i}`, { toolId: 'B', durationMs: 60_000, finishedAt: i + 10 })),
      record('ax', { toolId: 'A', status: 'cancelled', durationMs: 999_000, finishedAt: 20 }),
    ];
    for (const r of history) {
      await seedStore.create(r.jobId);
      await seedStore.save(r);
    }

    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, dataDir: dir, now, settings: () => ({ ...SETTINGS, concurrency: 1 }) });
    await queue.start();
    const statuses: QueueStatus[] = [];
    queue.on('queue:status', (s) => statuses.push(s));

    const j1 = await queue.submit(spec({ toolId: 'A' }));
    await until(() => ex.started.length === 1, 'j1 to start');
    const j2 = await queue.submit(spec({ toolId: 'B' }));
    const j3 = await queue.submit(spec({ toolId: 'A' }));
    expect(j2.position).toBe(1);
    expect(j3.position).toBe(2);
    // Submitted at the same instant j1 started: j2 waits j1's whole typical run.
    expect(j2.estimate).toEqual({ waitMs: [10_000, 18_000], finishMs: [70_000, 78_000] });

    clock += 4_000;
    const s = queue.status();
    expect(s.jobs.map((j) => [j.record.jobId, j.position, j.estimate])).toEqual([
      [j1.record.jobId, null, { waitMs: [0, 0], finishMs: [6_000, 14_000] }],
      [j2.record.jobId, 1, { waitMs: [6_000, 14_000], finishMs: [66_000, 74_000] }],
      [j3.record.jobId, 2, { waitMs: [66_000, 74_000], finishMs: [76_000, 92_000] }],
    ]);
    const detail = await queue.get(j3.record.jobId);
    expect(detail.position).toBe(2);

    // j1 ends at 10 s; A's window becomes 10,10,10,10,20,10 (median 10 s, 95th percentile 17.5 s) and j2 starts.
    clock += 6_000;
    statuses.length = 0;
    ex.finish(j1.record.jobId);
    await until(() => ex.started.length === 2, 'j2 to start');
    await until(() => statuses.some((st) => st.running === 1 && st.jobs[0]?.record.jobId === j2.record.jobId), 'a status after j2 started');
    const afterStart = statuses.at(-1) as QueueStatus;
    expect(afterStart.jobs.map((j) => [j.position, j.estimate])).toEqual([
      [null, { waitMs: [0, 0], finishMs: [60_000, 60_000] }],
      [1, { waitMs: [60_000, 60_000], finishMs: [70_000, 77_500] }],
    ]);
    const finished = queue.list().find((r) => r.jobId === j1.record.jobId);
    expect(finished).toMatchObject({ status: 'completed', durationMs: 10_000 });
  });

  it('queue:status is paced: inside the gap a burst of submits announces nothing more; shutdown sends the last', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, statusGapMs: 60_000 });
    await queue.start();
    queue.pause();
    const statuses: QueueStatus[] = [];
    queue.on('queue:status', (s) => statuses.push(s));
    // Whatever start and pause announced has gone out (at the end of their turn, the first in a quiet spell).
    await new Promise((resolve) => setImmediate(resolve));
    const before = statuses.length;
    await Promise.all(Array.from({ length: 30 }, () => queue.submit(spec())));
    await new Promise((resolve) => setImmediate(resolve));
    // Inside the minute's gap nothing more goes out, however many jobs came (once per turn, each submit had one).
    expect(statuses.length).toBe(before);
    expect(queue.status().waiting).toBe(30);
    await queue.shutdown();
    expect(statuses.length).toBe(before + 1);
    expect(statuses.at(-1)).toMatchObject({ waiting: 0, running: 0 });
  });
});
