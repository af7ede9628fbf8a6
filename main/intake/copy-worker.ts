/**
 * A copy thread (copy-pool.ts starts two to four per copy): copies the batches it is sent, one at a time, with
 * synchronous calls, and answers each. Built as dist/main/intake-copy-worker.js and dist/cli/intake-copy-worker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { batchCopier } from './copy-batch';
import { COPY_BUFFER_BYTES } from './copy-file';
import type { CopyBatch, CopyReply, CopyThreadSetup } from './copy-protocol';

if (!parentPort) throw new Error('intake copy: started outside a worker thread');
const port = parentPort;
// workerData comes from our own main thread (copy-pool.ts), typed by the same CopyThreadSetup.
const copier = batchCopier(workerData as CopyThreadSetup, Buffer.allocUnsafe(COPY_BUFFER_BYTES));

port.on('message', (batch: CopyBatch) => {
  const reply: CopyReply = copier.copy(batch);
  port.postMessage(reply, 'done' in reply ? [reply.done.buffer as ArrayBuffer] : []);
});
