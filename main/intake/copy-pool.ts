import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { startWorker } from '../threads/start-worker';
import { cancelledError } from './cancel';
import { SHARED_BYTES, STOP_AT, type CopyBatch, type CopyFailure, type CopyPlace, type CopyReply, type CopyThreadSetup } from './copy-protocol';

/** At most this many copy threads: past that the disk, not the calls, is the limit. */
export const MAX_COPY_THREADS = 4;
/** A batch closes at this many files or bytes (scan-time sizes): small enough to share out evenly, large enough that messages cost nothing. */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;

/** A file the copy threads could not copy: `at` is its manifest index. */
export class ThreadCopyFailure extends Error {
  constructor(
    readonly at: number,
    readonly failure: CopyFailure,
  ) {
    super(`file ${at}: ${failure.kind}`);
  }
}

export interface ThreadCopy {
  setup: Omit<CopyThreadSetup, 'shared'>;
  /** The manifest's files, in manifest order, with the sizes the scan saw (used only to make even batches). */
  files: readonly (CopyPlace & { size: number })[];
  /** How many threads at most; default min(MAX_COPY_THREADS, cores). */
  threads?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Starts one thread; tests pass a thread that fails, to see the failure told. */
  start?: ((setup: CopyThreadSetup) => Worker) | undefined;
}

const startCopyThread = (setup: CopyThreadSetup): Worker =>
  startWorker(import.meta.url, './copy-worker.ts', ['./intake-copy-worker.js', './intake-copy-worker.mjs', '../intake-copy-worker.mjs'], { workerData: setup });

/**
 * Copies the files in two to four threads, which make the file-system calls synchronously, while this (main) thread
 * only hands out batches and collects the answers: the event loop stays free however slow the disk, and a stuck
 * mount (NFS, FUSE) stalls a copy thread instead of the app.
 *
 * Returns size, mode and mtimeMs of each file's source fstat, three numbers a file in manifest order. Throws
 * ThreadCopyFailure for the first file that could not be copied, AppError 'cancelled' when `signal` aborts, and
 * AppError 'internal' when a thread dies. Either way every thread has stopped (each finishes at most the file piece
 * it is on, and closes its descriptors) and ended before this returns or throws, so the caller can remove the copy.
 */
export async function copyInThreads(run: ThreadCopy): Promise<Float64Array> {
  if (run.signal?.aborted) throw cancelledError();
  const shared = new SharedArrayBuffer(SHARED_BYTES);
  const flags = new Int32Array(shared);
  const batches = makeBatches(run.files);
  const stats = new Float64Array(run.files.length * 3);
  const count = Math.min(run.threads ?? Math.min(MAX_COPY_THREADS, availableParallelism()), batches.length);
  const start = run.start ?? startCopyThread;
  const workers: Worker[] = [];
  let outcome: { error: unknown } | undefined;
  let next = 0;
  const stop = (error: unknown): void => {
    outcome ??= { error };
    Atomics.store(flags, STOP_AT, 1);
  };
  const onAbort = (): void => stop(cancelledError());
  run.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve) => {
      let running = count;
      for (let i = 0; i < count; i += 1) {
        let over = false;
        const end = (): void => {
          if (over) return;
          over = true;
          running -= 1;
          if (running === 0) resolve();
        };
        let worker: Worker;
        try {
          worker = start({ ...run.setup, shared });
        } catch (err) {
          stop(threadFailed(err instanceof Error ? err.message : String(err)));
          end();
          continue;
        }
        workers.push(worker);
        const feed = (): void => {
          const batch = outcome ? undefined : batches[next];
          if (!batch) return end();
          next += 1;
          worker.postMessage(batch);
        };
        worker.on('message', (reply: CopyReply) => {
          if ('done' in reply) stats.set(reply.done, reply.first * 3);
          else if ('failure' in reply) stop(new ThreadCopyFailure(reply.at, reply.failure));
          feed();
        });
        worker.on('error', (err) => {
          stop(threadFailed(err.message));
          end();
        });
        worker.on('exit', (code) => {
          if (over) return;
          stop(threadFailed(`it ended with exit code ${code}`));
          end();
        });
        feed();
      }
    });
  } finally {
    run.signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (outcome) throw outcome.error;
  return stats;
}

const threadFailed = (why: string): AppError =>
  new AppError('internal', `The copy of the project stopped: a copying thread failed (${why}). Nothing of it was kept; try the run again.`);

function makeBatches(files: ThreadCopy['files']): CopyBatch[] {
  const batches: CopyBatch[] = [];
  let current: CopyBatch = { first: 0, files: [] };
  let bytes = 0;
  for (const [i, f] of files.entries()) {
    if (current.files.length > 0 && (current.files.length >= BATCH_FILES || bytes + f.size > BATCH_BYTES)) {
      batches.push(current);
      current = { first: i, files: [] };
      bytes = 0;
    }
    current.files.push(f.rawPath !== undefined ? { path: f.path, rawPath: f.rawPath } : { path: f.path });
    bytes += f.size;
  }
  if (current.files.length > 0) batches.push(current);
  return batches;
}
