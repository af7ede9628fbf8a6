import { describe, expect, it } from 'vitest';
import { isActive } from '../../../shared/jobs';
import type { Executor } from '../../../main/queue';
import { RunStore } from '../../../main/store';
import { ControlledExecutor, SETTINGS, spec, until, useQueues } from './helpers';

const makeQueue = useQueues();

describe('QueueService: slots and order', () => {
  it('200 jobs at once: never more than the concurrency limit run, all end, none is lost', async () => {
    let running = 0;
    let peak = 0;
    let executed = 0;
    const execute: Executor = async (record) => {
      running += 1;
      peak = Math.max(peak, running);
      executed += 1;
      // Real asynchrony of varying length, so jobs end out of order.
      await new Promise((r) => setTimeout(r, (record.jobId.charCodeAt(record.jobId.length - 1) % 4) + 1));
      running -= 1;
      return { status: 'completed', message: 'ok' };
    };
    const { queue, dataDir } = makeQueue({
      execute,
      settings: () => ({ concurrency: 3, capacity: 1000, perClientActive: 0, perClientHourly: 0 }),
    });
    await queue.start();
    const views = await Promise.all(Array.from({ length: 200 }, (_, i) => queue.submit(spec({ clientId: `c${i % 7}` }))));
    const ids = new Set(views.map((v) => v.record.jobId));
    expect(ids.size).toBe(200);
    await queue.onIdle();

    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBe(3);
    expect(executed).toBe(200);
    expect(queue.status()).toMatchObject({ waiting: 0, running: 0, concurrency: 3 });
    const onDisk = (await new RunStore({ dataDir }).load()).records;
    expect(onDisk).toHaveLength(200);
    expect(new Set(onDisk.map((r) => r.jobId))).toEqual(ids);
    expect(onDisk.every((r) => r.status === 'completed' && r.startedAt !== null && r.finishedAt !== null)).toBe(true);
    expect(queue.list().filter((r) => isActive(r.status))).toEqual([]);
  });

  it('interactive jobs go before batch ones, first come first served within each; positions say so', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, settings: () => ({ ...SETTINGS, concurrency: 1 }) });
    await queue.start();
    queue.pause();
    const b1 = await queue.submit(spec({ priority: 'batch', toolName: 'b1' }));
    const i1 = await queue.submit(spec({ priority: 'interactive', toolName: 'i1' }));
    const b2 = await queue.submit(spec({ priority: 'batch', toolName: 'b2' }));
    const i2 = await queue.submit(spec({ priority: 'interactive', toolName: 'i2' }));
    expect([b1.position, i1.position, b2.position, i2.position]).toEqual([1, 1, 3, 2]);
    const expected = [i1, i2, b1, b2].map((v) => v.record.jobId);
    expect(queue.status().jobs.map((j) => j.record.jobId)).toEqual(expected);
    expect(queue.status().jobs.map((j) => j.position)).toEqual([1, 2, 3, 4]);
    expect((await queue.get(b2.record.jobId)).position).toBe(4);
    expect(queue.status().jobs.every((j) => j.estimate === null)).toBe(true); // paused: no honest estimate

    queue.resume();
    for (let i = 0; i < 4; i += 1) {
      await until(() => ex.running.length === 1, 'a job to start');
      expect(ex.running).toEqual([expected[i]]);
      ex.finish(expected[i] as string);
      await until(() => ex.running.length === 0 || ex.running[0] !== expected[i], 'the job to end');
    }
    await queue.onIdle();
    expect(ex.started).toEqual(expected);
  });

  it('a slot is held until the executor resolves, and a concurrency change applies without restart', async () => {
    const ex = new ControlledExecutor();
    let concurrency = 1;
    const { queue } = makeQueue({ execute: ex.execute, settings: () => ({ ...SETTINGS, concurrency }) });
    await queue.start();
    const a = await queue.submit(spec());
    const b = await queue.submit(spec());
    const c = await queue.submit(spec());
    await until(() => ex.started.length === 1, 'first start');
    expect(queue.status()).toMatchObject({ running: 1, waiting: 2 });
    expect(ex.started).toEqual([a.record.jobId]);
    concurrency = 2;
    // Reading the status changes nothing; applying the settings does, at once.
    expect(queue.status().concurrency).toBe(1);
    expect(queue.applySettings().concurrency).toBe(2);
    expect(queue.status().concurrency).toBe(2);
    await until(() => ex.started.length === 2, 'second start after the change');
    ex.finish(a.record.jobId);
    ex.finish(b.record.jobId);
    await until(() => ex.started.length === 3, 'third start');
    ex.finish(c.record.jobId);
    await queue.onIdle();
  });

  it('concurrency 0 means one slot per core', async () => {
    const { queue } = makeQueue({ execute: new ControlledExecutor().execute, settings: () => ({ ...SETTINGS, concurrency: 0 }) });
    const { availableParallelism } = await import('node:os');
    expect(queue.status().concurrency).toBe(availableParallelism());
  });

  it('a full queue refuses with queue-full; a started job makes room', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, settings: () => ({ ...SETTINGS, concurrency: 1, capacity: 2 }) });
    await queue.start();
    const first = await queue.submit(spec());
    await until(() => ex.started.length === 1, 'first start');
    await queue.submit(spec());
    await queue.submit(spec());
    await expect(queue.submit(spec())).rejects.toMatchObject({ code: 'queue-full', message: expect.stringMatching(/^The queue is full/) });
    ex.finish(first.record.jobId);
    await until(() => ex.started.length === 2, 'next start');
    await expect(queue.submit(spec())).resolves.toMatchObject({ position: 2 });
  });

  it('a job that starts at once is announced queued first, then started, then finished', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute });
    await queue.start();
    const heard: string[] = [];
    queue.on('job:queued', (v) => heard.push(`queued ${v.position}`));
    queue.on('job:started', () => heard.push('started'));
    queue.on('job:finished', (r) => heard.push(`finished ${r.status}`));
    const { record } = await queue.submit(spec());
    await until(() => ex.running.includes(record.jobId), 'running');
    ex.finish(record.jobId);
    await queue.onIdle();
    expect(heard).toEqual(['queued 1', 'started', 'finished completed']);
  });
});
