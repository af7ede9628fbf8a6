import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { startWorker } from '../threads/start-worker';
import type { CompareStep } from '../results/compare';
import type { WorkerCalls, WorkerOp, WorkerReply, WorkerRequest } from './worker-protocol';

/**
 * The main thread's end of the compare worker: one thread, started on first use, requests matched to replies by id.
 * If the thread dies, what was pending fails (`internal`) and the next request starts a new one.
 */
export class CompareWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; onStep?: (step: CompareStep) => void }>();

  call<K extends WorkerOp>(op: K, ...args: WorkerCalls[K]['args']): Promise<WorkerCalls[K]['value']> {
    return this.callWithSteps(op, undefined, ...args);
  }

  callWithSteps<K extends WorkerOp>(op: K, onStep: ((step: CompareStep) => void) | undefined, ...args: WorkerCalls[K]['args']): Promise<WorkerCalls[K]['value']> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<WorkerCalls[K]['value']>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(onStep ? { onStep } : {}) });
      worker.postMessage({ id, op, args } satisfies WorkerRequest);
    });
  }

  /** Ends the thread (and with it every held compare). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private start(): Worker {
    const w = spawnWorker();
    // An idle compare thread must not keep a CLI or a test process alive.
    w.unref();
    w.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      if ('step' in reply) {
        p.onStep?.(reply.step);
        return;
      }
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new AppError(reply.error.code, reply.error.message, reply.error.details));
    });
    const fail = (why: string) => {
      if (this.worker === w) this.worker = null;
      for (const p of this.pending.values()) p.reject(new AppError('internal', `The compare stopped: ${why}`));
      this.pending.clear();
    };
    w.on('error', (err) => fail(err.message));
    w.on('exit', (code) => fail(`its thread ended (exit ${code}).`));
    this.worker = w;
    return w;
  }
}

/** The built app runs dist/main/compare-worker.js (a second entry of the main build, next to index.js). */
const spawnWorker = (): Worker => startWorker(import.meta.url, './worker-entry.ts', ['./compare-worker.js']);
