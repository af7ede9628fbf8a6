/**
 * The compare worker thread: computes compares and holds them for paging, so the main process's event loop (the IPC
 * router, job events) stays free while 100,000 problems are matched. Built as dist/main/compare-worker.js.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { HeldCompares } from './held';
import type { WorkerCalls, WorkerOp, WorkerReply, WorkerRequest } from './worker-protocol';

if (!parentPort) throw new Error('compare worker: started outside a worker thread');
const port = parentPort;
const held = new HeldCompares();

type Op<K extends WorkerOp> = (...args: WorkerCalls[K]['args']) => WorkerCalls[K]['value'] | Promise<WorkerCalls[K]['value']>;
const ops: { [K in Exclude<WorkerOp, 'open'>]: Op<K> } = {
  problems: (id, state, offset, limit) => held.problems(id, state, offset, limit),
  files: (id, offset, limit) => held.files(id, offset, limit),
  diff: (id, path) => held.diff(id, path),
};

async function answer(req: WorkerRequest): Promise<unknown> {
  if (req.op === 'open') {
    // Each step is posted before the answer, so the main thread sees them in order.
    const [a, b] = req.args as WorkerCalls['open']['args'];
    return held.open(a, b, (step) => port.postMessage({ id: req.id, step } satisfies WorkerReply));
  }
  // The request comes from our own main thread (worker-client.ts), typed by the same WorkerCalls.
  return (ops[req.op] as (...args: unknown[]) => unknown)(...req.args);
}

port.on('message', (req: WorkerRequest) => {
  void answer(req).then(
    (value): WorkerReply => ({ id: req.id, ok: true, value }),
    (err: unknown): WorkerReply => {
      const e = err instanceof AppError ? err : new AppError('internal', `The compare failed: ${err instanceof Error ? err.message : String(err)}`);
      return { id: req.id, ok: false, error: e.toShape() };
    },
  ).then((reply) => port.postMessage(reply));
});
