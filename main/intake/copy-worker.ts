/**
 * A copy thread (copy-pool.ts keeps up to four): for each copy it is told the setup, then copies the batches it is
 * sent, one at a time, with synchronous calls, and answers each. Built as dist/main/intake-copy-worker.js and
 * dist/cli/intake-copy-worker.cjs.
 */
import { parentPort } from 'node:worker_threads';
import { batchCopier, type BatchCopier } from './copy-batch';
import { COPY_BUFFER_BYTES } from './copy-file';
import type { CopyMessage, CopyReply } from './copy-protocol';

if (!parentPort) throw new Error('intake copy: started outside a worker thread');
const port = parentPort;
const buf = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
let copier: BatchCopier | null = null;

// Messages come from our own main thread (copy-pool.ts), typed by the same CopyMessage.
port.on('message', (message: CopyMessage) => {
  if ('setup' in message) {
    copier = batchCopier(message.setup, buf);
    return;
  }
  if (!copier) throw new Error('intake copy: a batch came before the setup');
  const reply: CopyReply = copier.copy(message);
  port.postMessage(reply, 'done' in reply ? [reply.done.buffer as ArrayBuffer] : []);
});
