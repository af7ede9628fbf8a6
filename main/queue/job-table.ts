import { isLive, moveJob, type Job, type JobState } from './job-state';

/**
 * Every job the queue knows, history included, by id; the live ones (not yet done) and those with a save in flight
 * are also kept apart. What a job's events ask (who runs, how many wait, is the queue idle) is then answered from the
 * live jobs, at a cost that does not grow with the history: a user may keep 100,000 runs, and each of a run's events
 * walked all of them.
 */
export class JobTable {
  private readonly all = new Map<string, Job>();
  private readonly active = new Map<string, Job>();
  /** Jobs whose record is being written (Job.saving is set). */
  private readonly saving = new Set<Job>();

  get(jobId: string): Job | undefined {
    return this.all.get(jobId);
  }

  has(jobId: string): boolean {
    return this.all.has(jobId);
  }

  /** Adds a job (or sets it again: a resumed one); its state decides whether it is live. */
  set(job: Job): void {
    this.all.set(job.jobId, job);
    if (isLive(job)) this.active.set(job.jobId, job);
    else this.active.delete(job.jobId);
  }

  /** Moves a job on (see moveJob); one that is done leaves the live jobs. */
  move(job: Job, to: JobState): void {
    moveJob(job, to);
    if (!isLive(job)) this.active.delete(job.jobId);
  }

  /** Forgets a job: deleted, expired, or refused before it was known. A save in flight still ends as usual. */
  delete(jobId: string): void {
    this.all.delete(jobId);
    this.active.delete(jobId);
  }

  /** Every job, history included. */
  values(): IterableIterator<Job> {
    return this.all.values();
  }

  /** The jobs not yet done: preparing, waiting, running or ending. */
  live(): IterableIterator<Job> {
    return this.active.values();
  }

  /** A save of this job's record began (the queue sets Job.saving with it). */
  saveBegan(job: Job): void {
    this.saving.add(job);
  }

  /** The job's last save in flight ended. */
  saveEnded(job: Job): void {
    this.saving.delete(job);
  }

  /** The jobs with a save in flight. */
  saves(): Job[] {
    return [...this.saving];
  }

  /** Nothing is live and no record is being written. */
  get quiet(): boolean {
    return this.active.size === 0 && this.saving.size === 0;
  }
}
