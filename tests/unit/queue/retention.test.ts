import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../../main/store';
import { record } from '../store/helpers';
import { ControlledExecutor, SETTINGS, spec, tempDataDir, until, useQueues } from './helpers';

const makeQueue = useQueues();
const dataDir = tempDataDir();
const DAY = 24 * 60 * 60 * 1000;

describe('QueueService: retention', () => {
  it('applies at start and after runs, keeping the newest finished runs and every active one', async () => {
    const dir = dataDir();
    const outside = dataDir();
    writeFileSync(join(outside, 'keep.txt'), 'outside the runs');
    let clock = 400 * DAY;
    const seed = new RunStore({ dataDir: dir });
    // Two old runs (past 7 days) and one recent.
    for (const r of [
      record('old1', { finishedAt: clock - 30 * DAY, queuedAt: clock - 30 * DAY }),
      record('old2', { finishedAt: clock - 8 * DAY, queuedAt: clock - 8 * DAY }),
      record('recent', { finishedAt: clock - DAY, queuedAt: clock - DAY }),
    ]) {
      await seed.create(r.jobId);
      await seed.save(r);
    }
    mkdirSync(join(dir, 'runs'), { recursive: true });
    symlinkSync(outside, join(dir, 'runs', 'planted'));

    const ex = new ControlledExecutor();
    const { queue } = makeQueue({
      execute: ex.execute,
      dataDir: dir,
      now: () => clock,
      retention: () => ({ days: 7, runs: 2 }),
      settings: () => ({ ...SETTINGS, concurrency: 1 }),
    });
    await queue.start();
    expect(queue.list().map((r) => r.jobId)).toEqual(['recent']);

    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      clock += 1000;
      ids.push((await queue.submit(spec())).record.jobId);
    }
    // One by one: after each end, only the two newest finished runs remain; the waiting ones are untouched.
    for (let i = 0; i < 3; i += 1) {
      await until(() => ex.running.length === 1, 'a job to run');
      clock += 1000;
      ex.finish(ex.running[0] as string);
      await until(() => ex.started.length === i + 2, 'the next to start');
    }
    await until(() => queue.list().length === 3, 'retention after the third run');
    const kept = readdirSync(join(dir, 'runs')).sort();
    expect(kept).toEqual([ids[1], ids[2], ids[3], 'planted'].sort());
    expect(queue.list().map((r) => `${r.jobId}:${r.status}`)).toEqual([`${ids[3]}:running`, `${ids[2]}:completed`, `${ids[1]}:completed`]);
    expect(existsSync(join(outside, 'keep.txt'))).toBe(true);
  });
});
