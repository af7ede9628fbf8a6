import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { QueueEventName } from '../../../main/queue';
import { ControlledExecutor, SETTINGS, spec, until, useQueues } from './helpers';

const makeQueue = useQueues();
const one = () => ({ ...SETTINGS, concurrency: 1 });

describe('QueueService: cancel, delete, shutdown', () => {
  it('cancelling a waiting job removes it at once: it never runs, positions and counts close up', async () => {
    const ex = new ControlledExecutor();
    const { queue, store } = makeQueue({ execute: ex.execute, settings: one });
    await queue.start();
    const a = await queue.submit(spec());
    const b = await queue.submit(spec());
    const c = await queue.submit(spec());
    await until(() => ex.started.length === 1, 'a to start');
    const finished: string[] = [];
    queue.on('job:finished', (r) => finished.push(`${r.jobId}:${r.status}`));

    const cancelled = await queue.cancel(b.record.jobId);
    expect(cancelled).toMatchObject({ status: 'cancelled', startedAt: null, message: 'Cancelled before it started.' });
    expect(finished).toEqual([`${b.record.jobId}:cancelled`]);
    const status = queue.status();
    expect(status.waiting).toBe(1);
    expect(status.jobs.map((j) => [j.record.jobId, j.position])).toEqual([
      [a.record.jobId, null],
      [c.record.jobId, 1],
    ]);
    expect((await store.load()).records.find((r) => r.jobId === b.record.jobId)?.status).toBe('cancelled');

    ex.finish(a.record.jobId);
    await until(() => ex.started.length === 2, 'c to start');
    ex.finish(c.record.jobId);
    await queue.onIdle();
    expect(ex.started).toEqual([a.record.jobId, c.record.jobId]);
    // Cancelling something already over changes nothing.
    expect(await queue.cancel(b.record.jobId)).toEqual(cancelled);
  });

  it('cancelling a running job aborts the executor and resolves once it has finished; the slot then frees', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, settings: one });
    await queue.start();
    const a = await queue.submit(spec());
    const b = await queue.submit(spec());
    await until(() => ex.started.length === 1, 'a to start');
    const record = await queue.cancel(a.record.jobId);
    expect(ex.aborted.has(a.record.jobId)).toBe(true);
    expect(ex.running).not.toContain(a.record.jobId); // the executor had resolved
    expect(record).toMatchObject({ jobId: a.record.jobId, status: 'cancelled', message: 'Stopped.' });
    expect(record.finishedAt).not.toBeNull();
    await until(() => ex.started.length === 2, 'b to start in the freed slot');
    expect(ex.started[1]).toBe(b.record.jobId);
  });

  it('unknown ids are not-found; a bad id is invalid-input; an active job cannot be deleted', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, settings: one });
    await queue.start();
    await expect(queue.cancel('nope')).rejects.toMatchObject({ code: 'not-found' });
    await expect(queue.get('nope')).rejects.toMatchObject({ code: 'not-found' });
    await expect(queue.rerun('nope', 'c')).rejects.toMatchObject({ code: 'not-found' });
    const a = await queue.submit(spec());
    await expect(queue.delete(a.record.jobId)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(makeQueue({ execute: ex.execute, idFactory: () => '../escape' }).queue.submit(spec())).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });

  it('delete and clear history remove finished runs only', async () => {
    const ex = new ControlledExecutor();
    const { queue, store } = makeQueue({ execute: ex.execute, settings: one });
    await queue.start();
    const a = await queue.submit(spec());
    const b = await queue.submit(spec());
    const c = await queue.submit(spec());
    await until(() => ex.started.length === 1, 'a to start');
    ex.finish(a.record.jobId);
    await until(() => ex.started.length === 2, 'b to start');
    ex.finish(b.record.jobId, { status: 'failed', exitCode: 1 });
    await until(() => ex.started.length === 3, 'c to start');

    await queue.delete(a.record.jobId);
    expect(existsSync(store.runDir(a.record.jobId))).toBe(false);
    expect(queue.list().map((r) => r.jobId)).toEqual([c.record.jobId, b.record.jobId]);
    expect(await queue.clearHistory()).toBe(1);
    expect(queue.list().map((r) => r.jobId)).toEqual([c.record.jobId]);
    expect(existsSync(store.runDir(c.record.jobId))).toBe(true);
  });

  it('re-run submits the same tool and project with rerunOf, for the caller', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, settings: one });
    await queue.start();
    const a = await queue.submit(spec({ priority: 'batch', timeoutSec: 42, toolId: 'python-linter', toolName: 'Python Linter' }));
    await until(() => ex.started.length === 1, 'a to start');
    ex.finish(a.record.jobId);
    await queue.onIdle();
    const again = await queue.rerun(a.record.jobId, 'win-9');
    expect(again.record).toMatchObject({
      clientId: 'win-9',
      toolId: 'python-linter',
      toolName: 'Python Linter',
      project: a.record.project,
      priority: 'batch',
      timeoutSec: 42,
      rerunOf: a.record.jobId,
      status: 'queued',
    });
    expect(again.record.jobId).not.toBe(a.record.jobId);
  });

  it('shutdown cancels waiting jobs, stops running ones and resolves after every executor has finished', async () => {
    const ex = new ControlledExecutor();
    const { queue, store } = makeQueue({ execute: ex.execute, settings: () => ({ ...SETTINGS, concurrency: 2 }) });
    await queue.start();
    const ids = [];
    for (let i = 0; i < 4; i += 1) ids.push((await queue.submit(spec())).record.jobId);
    await until(() => ex.started.length === 2, 'two starts');
    await queue.shutdown();
    expect(ex.running).toEqual([]);
    expect([...ex.aborted].sort()).toEqual(ids.slice(0, 2).sort());
    const onDisk = (await store.load()).records;
    expect(onDisk.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    await expect(queue.submit(spec())).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('shutdown during preparation aborts it and the submit is refused without leaving a run', async () => {
    const ex = new ControlledExecutor();
    let sawAbort = false;
    let preparing!: () => void;
    const started = new Promise<void>((r) => (preparing = r));
    const { queue, store } = makeQueue({
      execute: ex.execute,
      prepare: (_r, _dir, signal) =>
        new Promise<void>((resolve) => {
          preparing();
          signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve(); // a preparer that ignores the reason: the queue must still refuse
          });
        }),
    });
    await queue.start();
    const submitting = queue.submit(spec());
    await started;
    await queue.shutdown();
    await expect(submitting).rejects.toMatchObject({ code: 'cancelled' });
    expect(sawAbort).toBe(true);
    expect(ex.started).toEqual([]);
    expect((await store.load()).records).toEqual([]);
  });

  it('shutdown right after submit, before preparation starts, ends at once even with a preparer that ignores its signal', async () => {
    const ex = new ControlledExecutor();
    const { queue, store } = makeQueue({
      execute: ex.execute,
      // Never resolves and never looks at its signal: only the queue's own abort handling can end this submit.
      prepare: () => new Promise<void>(() => undefined),
    });
    await queue.start();
    const submitting = queue.submit(spec());
    await queue.shutdown();
    await expect(submitting).rejects.toMatchObject({ code: 'cancelled' });
    expect(ex.started).toEqual([]);
    expect((await store.load()).records).toEqual([]);
    await queue.onIdle();
  });

  it('pause holds waiting jobs; resume starts them; events say so', async () => {
    const ex = new ControlledExecutor();
    const { queue } = makeQueue({ execute: ex.execute, settings: one });
    await queue.start();
    const events: string[] = [];
    for (const e of ['job:queued', 'job:started', 'job:finished'] as QueueEventName[]) queue.on(e, () => events.push(e));
    expect(queue.pause().paused).toBe(true);
    const a = await queue.submit(spec());
    // p-queue starts a job synchronously when a slot is free; paused, the job stays in its line.
    expect(queue.status()).toMatchObject({ paused: true, running: 0, waiting: 1 });
    expect(ex.started).toEqual([]);
    expect(queue.resume().paused).toBe(false);
    await until(() => ex.started.length === 1, 'a to start');
    ex.finish(a.record.jobId);
    await queue.onIdle();
    expect(events).toEqual(['job:queued', 'job:started', 'job:finished']);
  });

  it('an executor that rejects or returns nonsense ends the job as error; the record is still valid and saved', async () => {
    let n = 0;
    const { queue, store } = makeQueue({
      execute: async () => {
        n += 1;
        if (n === 1) throw new Error('spawn EACCES');
        if (n === 2) return { status: 'running' } as never;
        return { status: 'completed', outputLines: -3 };
      },
      settings: one,
    });
    await queue.start();
    for (let i = 0; i < 3; i += 1) await queue.submit(spec());
    await queue.onIdle();
    const records = (await store.load()).records.sort((a, b) => a.jobId.localeCompare(b.jobId));
    expect(records.map((r) => r.status)).toEqual(['error', 'error', 'error']);
    expect(records.map((r) => r.systemError)).toEqual([
      'spawn EACCES',
      'The executor returned status running.',
      expect.stringContaining('outputLines'),
    ]);
  });
});
