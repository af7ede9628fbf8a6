import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { JobRecord } from '../../../shared/jobs';
import type { QueueSettings } from '../../../shared/settings';
import { type ExecuteContext, type ExecuteResult, type Executor, type JobSpec, QueueService, type QueueOptions } from '../../../main/queue';
import { RunStore } from '../../../main/store';

export const SETTINGS: QueueSettings = { concurrency: 2, capacity: 100, perClientActive: 0, perClientHourly: 0 };

export function spec(over: Partial<JobSpec> = {}): JobSpec {
  return {
    clientId: 'win-1',
    toolId: 'bash-verification',
    toolName: 'Bash Verification',
    project: { name: 'demo', source: '/home/u/demo', kind: 'folder' },
    priority: 'interactive',
    timeoutSec: 60,
    ...over,
  };
}

/** An executor the test drives: each job runs until finish() or until it is aborted. */
export class ControlledExecutor {
  readonly started: string[] = [];
  readonly aborted = new Set<string>();
  readonly contexts = new Map<string, ExecuteContext>();
  private readonly pending = new Map<string, (r: ExecuteResult) => void>();

  readonly execute: Executor = (record, ctx) =>
    new Promise<ExecuteResult>((resolve) => {
      this.started.push(record.jobId);
      this.contexts.set(record.jobId, ctx);
      this.pending.set(record.jobId, resolve);
      const onAbort = () => {
        this.aborted.add(record.jobId);
        // Like the runner: the tree takes a moment to go, then the run resolves as cancelled.
        setTimeout(() => this.finish(record.jobId, { status: 'cancelled', message: 'Stopped.' }), 20);
      };
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort, { once: true });
    });

  get running(): string[] {
    return [...this.pending.keys()];
  }

  finish(jobId: string, result: ExecuteResult = { status: 'completed', message: 'Done.' }): void {
    const resolve = this.pending.get(jobId);
    if (!resolve) throw new Error(`${jobId} is not running`);
    this.pending.delete(jobId);
    resolve(result);
  }
}

/** Polls until the condition holds (bounded). */
export async function until(cond: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface Harness {
  dataDir: string;
  store: RunStore;
  queue: QueueService;
}

/** Temp data folders and queues made by a test are shut down and removed after it. */
export function useQueues(): (opts: Partial<QueueOptions> & { execute: Executor; dataDir?: string }) => Harness {
  const dirs: string[] = [];
  const queues: QueueService[] = [];
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.shutdown()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return (opts) => {
    let dataDir = opts.dataDir;
    if (!dataDir) {
      dataDir = mkdtempSync(join(tmpdir(), 'hapyy-queue-'));
      dirs.push(dataDir);
    }
    const store = opts.store ?? new RunStore({ dataDir, ...(opts.now ? { now: opts.now } : {}) });
    const queue = new QueueService({ settings: () => SETTINGS, ...opts, store });
    queues.push(queue);
    return { dataDir, store, queue };
  };
}

export function tempDataDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'hapyy-queue-'));
    dirs.push(d);
    return d;
  };
}

export const byId = (records: JobRecord[]): Map<string, JobRecord> => new Map(records.map((r) => [r.jobId, r]));
