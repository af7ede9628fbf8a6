import { describe, expect, it } from 'vitest';
import { newJob } from '../../../main/queue/job-state';
import { JobTable } from '../../../main/queue/job-table';
import { record } from '../store/helpers';

const ids = (it: Iterable<{ jobId: string }>): string[] => [...it].map((j) => j.jobId).sort();

describe('JobTable', () => {
  it('keeps history apart from the live jobs, and follows each job through its states', () => {
    const t = new JobTable();
    const old = newJob(record('old'), 'done');
    const job = newJob(record('new', { status: 'queued' }), 'preparing');
    t.set(old);
    t.set(job);
    expect(ids(t.values())).toEqual(['new', 'old']);
    expect(ids(t.live())).toEqual(['new']);
    for (const state of ['waiting', 'running', 'ending'] as const) {
      t.move(job, state);
      expect(ids(t.live())).toEqual(['new']);
      expect(t.quiet).toBe(false);
    }
    t.move(job, 'done');
    expect(ids(t.live())).toEqual([]);
    expect(ids(t.values())).toEqual(['new', 'old']);
    expect(t.quiet).toBe(true);
  });

  it('refuses a move the state diagram does not allow, and leaves the job where it was', () => {
    const t = new JobTable();
    const job = newJob(record('j'), 'waiting');
    t.set(job);
    expect(() => t.move(job, 'preparing')).toThrow(/cannot go from waiting to preparing/);
    expect(job.state).toBe('waiting');
    expect(ids(t.live())).toEqual(['j']);
  });

  it('is not quiet while a record is being written, even of a finished job', () => {
    const t = new JobTable();
    const job = newJob(record('j'), 'done');
    t.set(job);
    expect(t.quiet).toBe(true);
    t.saveBegan(job);
    expect(t.quiet).toBe(false);
    t.delete('j');
    expect(t.has('j')).toBe(false);
    expect(t.quiet).toBe(false); // its save still ends as usual
    t.saveEnded(job);
    expect(t.quiet).toBe(true);
  });

  it('a job set again in another state is live or not by that state', () => {
    const t = new JobTable();
    const job = newJob(record('j'), 'waiting');
    t.set(job);
    t.delete('j');
    expect(ids(t.live())).toEqual([]);
    t.set(job);
    expect(ids(t.live())).toEqual(['j']);
  });
});
