import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { ControlledExecutor, SETTINGS, spec, until, useQueues } from './helpers';

const makeQueue = useQueues();
const HOUR = 60 * 60 * 1000;
const refusal = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the submit was not refused');
};

describe('QueueService: per-client limits', () => {
  it('the 6th active job of a client is refused; another client is not; the count drops when a job ends', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, settings: () => ({ ...SETTINGS, concurrency: 2, perClientActive: 5 }) });
    await queue.start();
    const mine = [];
    for (let i = 0; i < 5; i += 1) mine.push(await queue.submit(spec({ clientId: 'win-A' })));
    const err = await refusal(queue.submit(spec({ clientId: 'win-A' })));
    expect(err.code).toBe('limit');
    expect(err.message).toBe('You have 5 jobs waiting or running; the limit is 5. The next slot frees when one of them ends.');
    expect(err.details).toMatchObject({ limit: 'perClientActive', max: 5 });
    expect(typeof err.details?.retryAt).toBe('number');

    await expect(queue.submit(spec({ clientId: 'win-B' }))).resolves.toMatchObject({ record: { clientId: 'win-B' } });

    // Still refused after submit returned and while the job has only started: active means waiting or running.
    await until(() => ex.started.length === 2, 'two starts');
    await expect(queue.submit(spec({ clientId: 'win-A' }))).rejects.toMatchObject({ code: 'limit' });
    const firstId = mine[0]?.record.jobId as string;
    ex.finish(firstId);
    await until(() => queue.list().find((r) => r.jobId === firstId)?.status === 'completed', 'the first job to end');
    await expect(queue.submit(spec({ clientId: 'win-A' }))).resolves.toBeTruthy();
    await expect(queue.submit(spec({ clientId: 'win-A' }))).rejects.toMatchObject({ code: 'limit' });
  });

  it('a cancelled waiting job frees its place at once', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, settings: () => ({ ...SETTINGS, concurrency: 1, perClientActive: 2 }) });
    await queue.start();
    await queue.submit(spec());
    const second = await queue.submit(spec());
    await expect(queue.submit(spec())).rejects.toMatchObject({ code: 'limit' });
    await queue.cancel(second.record.jobId);
    await expect(queue.submit(spec())).resolves.toBeTruthy();
  });

  it('the 21st submit within an hour is refused with the time a place frees; another client is not', async () => {
    // 09:00 local time on some day, so the expected clock time can be worked out without the code under test.
    const start = new Date(2025, 2, 14, 9, 0, 0, 0).getTime();
    let clock = start;
    const execute = async () => ({ status: 'completed' as const, message: 'ok' });
    const { queue } = makeQueue({ execute, now: () => clock, settings: () => ({ ...SETTINGS, perClientActive: 5, perClientHourly: 20 }) });
    await queue.start();
    for (let i = 0; i < 20; i += 1) {
      await queue.submit(spec({ clientId: 'cli-1' }));
      await queue.onIdle();
      clock += 60_000; // one a minute: 09:00 … 09:19
    }
    clock = start + 30 * 60_000; // 09:30
    const err = await refusal(queue.submit(spec({ clientId: 'cli-1' })));
    expect(err.code).toBe('limit');
    expect(err.details).toEqual({ limit: 'perClientHourly', max: 20, retryAt: start + HOUR });
    expect(err.message).toBe('You have submitted 20 jobs in the last hour; the limit is 20. You can submit again at 10:00.');

    await expect(queue.submit(spec({ clientId: 'cli-2' }))).resolves.toBeTruthy();
    await queue.onIdle();

    clock = start + HOUR - 1;
    await expect(queue.submit(spec({ clientId: 'cli-1' }))).rejects.toMatchObject({ code: 'limit' });
    clock = start + HOUR;
    await expect(queue.submit(spec({ clientId: 'cli-1' }))).resolves.toBeTruthy();
    await queue.onIdle();
    // The window is full again; the next place frees when the 09:01 submit leaves it.
    const again = await refusal(queue.submit(spec({ clientId: 'cli-1' })));
    expect(again.details?.retryAt).toBe(start + 60_000 + HOUR);
    expect(again.message).toContain('at 10:01.');
  });

  it('a refused time between minutes is rounded up, never promising too early', async () => {
    const start = new Date(2025, 2, 14, 9, 0, 30, 0).getTime();
    const { queue } = makeQueue({
      execute: async () => ({ status: 'completed' as const }),
      now: () => start,
      settings: () => ({ ...SETTINGS, perClientHourly: 1 }),
    });
    await queue.submit(spec());
    const err = await refusal(queue.submit(spec()));
    expect(err.message).toBe('You have submitted 1 job in the last hour; the limit is 1. You can submit again at 10:01.');
  });

  it('0 turns both limits off', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, settings: () => ({ ...SETTINGS, concurrency: 1, perClientActive: 0, perClientHourly: 0 }) });
    for (let i = 0; i < 30; i += 1) await queue.submit(spec());
    expect(queue.status().waiting + queue.status().running).toBe(30);
  });

  it('a failed preparation gives the client its place back and leaves no run folder', async () => {
    const ex = new ControlledExecutor();
    const { queue, store } = makeQueue({
      execute: ex.execute,
      prepare: async () => {
        throw new AppError('rejected', 'The project is too large.');
      },
      settings: () => ({ ...SETTINGS, perClientActive: 1, perClientHourly: 1 }),
    });
    await queue.start();
    await expect(queue.submit(spec())).rejects.toMatchObject({ code: 'rejected', message: 'The project is too large.' });
    await expect(queue.submit(spec())).rejects.toMatchObject({ code: 'rejected' });
    expect(queue.list()).toEqual([]);
    expect((await store.load()).records).toEqual([]);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(store.runsDir)).toEqual([]);
  });
});
