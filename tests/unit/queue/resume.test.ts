import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../shared/jobs';
import type { Detached, ExecuteResult, Executor } from '../../../main/queue';
import { ControlledExecutor, spec, tempDataDir, until, useQueues } from './helpers';

const makeQueue = useQueues();
const dataDir = tempDataDir();

/**
 * A run that goes on elsewhere (what the pool's executor does): when `closing` fires it answers Detached instead
 * of ending; a cancel still ends it.
 */
function remoteLike(closing: AbortSignal, onStart: (setMessage: (m: string) => void) => void): Executor {
  return (_record, ctx) =>
    new Promise<ExecuteResult | Detached>((resolve) => {
      onStart(ctx.setMessage);
      closing.addEventListener('abort', () => resolve({ detached: true, message: 'Left to the pool.' }), { once: true });
      ctx.signal.addEventListener('abort', () => !closing.aborted && resolve({ status: 'cancelled', message: 'Stopped.' }), { once: true });
    });
}

describe('QueueService: runs that go on elsewhere', () => {
  it('a detached run is saved still active with its message and not announced as finished; the next start with `resumable` runs it again, keeping its start', async () => {
    const dir = dataDir();
    const closing = new AbortController();
    let setMessage: ((m: string) => void) | null = null;
    const first = makeQueue({ dataDir: dir, execute: remoteLike(closing.signal, (s) => (setMessage = s)) });
    await first.queue.start();
    const finished: JobRecord[] = [];
    const statusMessages: string[] = [];
    first.queue.on('job:finished', (r) => finished.push(r));
    first.queue.on('queue:status', (s) => statusMessages.push(...s.jobs.map((v) => v.record.message)));
    const { record } = await first.queue.submit(spec());
    await until(() => setMessage !== null, 'the run to start');

    // A message set while running reaches the record and the status the window shows.
    setMessage!('Waiting for a worker that runs Bash Verification.');
    expect(first.queue.find(record.jobId)?.message).toBe('Waiting for a worker that runs Bash Verification.');
    // The status is announced soon after (QueueService.emitStatus paces it), so it is waited for.
    await until(() => statusMessages.includes('Waiting for a worker that runs Bash Verification.'), 'the status with the message');
    const startedAt = first.queue.find(record.jobId)?.startedAt;
    expect(startedAt).toEqual(expect.any(Number));

    closing.abort();
    await first.queue.shutdown();
    expect(finished).toEqual([]);
    const [saved] = (await first.store.load()).records;
    expect(saved?.status).toBe('running');
    expect(saved?.message).toBe('Left to the pool.');

    // Without `resumable` it would be interrupted (recovery.test.ts); with it, the executor gets the job again.
    const again = new ControlledExecutor();
    const second = makeQueue({ dataDir: dir, execute: again.execute, resumable: async (r) => r.jobId === record.jobId, now: () => (startedAt ?? 0) + 60_000 });
    const { notices } = await second.queue.start();
    expect(notices.map((n) => n.message)).toContain('1 job on the shared pool was taken up again where it stood.');
    await until(() => again.started.includes(record.jobId), 'the resumed run to start');
    expect(second.queue.find(record.jobId)?.status).toBe('running');
    expect(second.queue.find(record.jobId)?.startedAt).toBe(startedAt);
    const ended = new Promise<JobRecord>((resolve) => second.queue.on('job:finished', resolve));
    again.finish(record.jobId, { status: 'completed', message: 'Done.' });
    const done = await ended;
    expect(done.status).toBe('completed');
    expect(done.startedAt).toBe(startedAt);
  });
});
