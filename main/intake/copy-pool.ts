import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { startWorker } from '../threads/start-worker';
import { batchCopier } from './copy-batch';
import { COPY_BUFFER_BYTES } from './copy-file';
import { cancelledError } from './cancel';
import { SHARED_BYTES, STOP_AT, type CopyBatch, type CopyFailure, type CopyMessage, type CopyPlace, type CopyReply, type CopyThreadSetup } from './copy-protocol';

/** At most this many copy threads per copy: past that the disk, not the calls, is the limit. */
export const MAX_COPY_THREADS = 4;
/** A batch closes at this many files or bytes (scan-time sizes): small enough to share out evenly, large enough that messages cost nothing. */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;
/** Batches handed to a thread at once: the one it copies and the next, already in its queue. */
const AHEAD = 2;
/** Idle copy threads end after this long: a thread costs ~10 MB, and starting one ~20 ms (built) to ~300 ms (from the sources). */
const IDLE_MS = 60_000;

/** A file the copy threads could not copy: `at` is its manifest index. */
export class ThreadCopyFailure extends Error {
  constructor(
    readonly at: number,
    readonly failure: CopyFailure,
  ) {
    super(`file ${at}: ${failure.kind}`);
  }
}

/**
 * Copy threads kept between copies (a project is copied once per run, and a watch copies again at every change),
 * so only the first copy waits for threads to start. An idle thread does not keep the process alive.
 */
export class CopyThreadPool {
  private readonly idle: Worker[] = [];
  private timer: NodeJS.Timeout | null = null;

  /** `start`: how a thread is made; tests pass one that fails, to see the failure told. */
  constructor(private readonly start: () => Worker = startCopyThread) {}

  /** An idle thread, or a new one; throws if a thread cannot be started. */
  take(): Worker {
    const worker = this.idle.pop() ?? this.started();
    worker.ref();
    return worker;
  }

  private started(): Worker {
    const worker = this.start();
    // For its whole life, not only during a copy: a thread that fails while idle leaves the pool instead of
    // throwing an unhandled 'error' into the process. During a copy, copyInThreads listens too and tells it.
    worker.on('error', () => undefined).on('exit', () => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return worker;
  }

  /**
   * Starts threads until `count` are idle, without waiting for them: they load while the caller goes on (a scan,
   * a run's folder being made), so the copy that follows finds them ready. Throws if a thread cannot be started.
   */
  prestart(count: number): void {
    while (this.idle.length < count) this.give(this.started());
  }

  /**
   * Back into the pool, after a copy in which it answered every batch it was sent and whose listeners are removed
   * (one by one: removeAllListeners would also drop those through which Node keeps the thread's port referenced).
   */
  give(worker: Worker): void {
    worker.unref();
    this.idle.push(worker);
    this.timer?.refresh();
    this.timer ??= setTimeout(() => void this.close(), IDLE_MS).unref();
  }

  /** Ends the idle threads. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }
}

/** Built: next to dist/main/index.js or dist/cli/hapyy.cjs, seen from the entry itself or from a chunk one folder down. */
const BUILT_ENTRIES = ['./intake-copy-worker.js', '../intake-copy-worker.js', './intake-copy-worker.cjs', '../intake-copy-worker.cjs'];

export const startCopyThread = (): Worker => startWorker(import.meta.url, './copy-worker.ts', BUILT_ENTRIES);

const sharedPool = new CopyThreadPool();

/** A copy of at most this much is made on the calling thread (see copyInThreads). */
const copiedHere = (files: number, bytes: number): boolean => files <= BATCH_FILES && bytes <= BATCH_BYTES;

/** Copy threads a copy of `files` files and `bytes` bytes is likely to use: none when it is copied here. */
const threadsFor = (files: number, bytes: number): number =>
  copiedHere(files, bytes) ? 0 : Math.min(MAX_COPY_THREADS, availableParallelism(), Math.max(Math.ceil(files / BATCH_FILES), Math.ceil(bytes / BATCH_BYTES)));

/**
 * Readies the process's copy threads for a copy of about `files` files and `bytes` bytes (openProject calls it, as a
 * run follows an open); a thread that cannot start is left for the copy to report.
 */
export function prestartCopyThreads(files: number, bytes: number): void {
  try {
    sharedPool.prestart(threadsFor(files, bytes));
  } catch {
    // the copy will try again and tell what failed
  }
}

export interface ThreadCopy {
  setup: Omit<CopyThreadSetup, 'shared'>;
  /** The manifest's files, in manifest order, with the sizes the scan saw (used only to make even batches). */
  files: readonly (CopyPlace & { size: number })[];
  /** How many threads at most; default min(MAX_COPY_THREADS, cores). */
  threads?: number | undefined;
  signal?: AbortSignal | undefined;
  pool?: CopyThreadPool | undefined;
}

/**
 * Copies the files in up to four threads (min of MAX_COPY_THREADS and the cores), which make the file-system calls
 * synchronously, while this (main) thread only hands out batches and collects the answers: the event loop stays
 * free however slow the disk, and a stuck mount (NFS, FUSE) stalls a copy thread instead of the app.
 *
 * Returns size, mode and mtimeMs of each file's source fstat, three numbers a file in manifest order. Throws
 * ThreadCopyFailure for the first file that could not be copied, AppError 'cancelled' when `signal` aborts, and
 * AppError 'internal' when a thread dies. Either way every thread has stopped (each finishes at most the file or
 * 1 MiB piece it is on, and closes its descriptors) before this returns or throws, so the caller can remove the copy.
 */
export async function copyInThreads(run: ThreadCopy): Promise<Float64Array> {
  if (run.signal?.aborted) throw cancelledError();
  const pool = run.pool ?? sharedPool;
  const shared = new SharedArrayBuffer(SHARED_BYTES);
  const flags = new Int32Array(shared);
  const setup: CopyThreadSetup = { ...run.setup, shared };
  const batches = makeBatches(run.files);
  // A small project (BATCH_FILES files and BATCH_BYTES at most: one batch, e.g. a one-file `hapyy run`) is copied
  // here: starting a thread (~20-45 ms) would cost more than the copy, and the scan just made the same calls on this
  // thread. One large file is also one batch, but goes to a thread: copied here it would hold the event loop, and a
  // cancel with it. Callers that name a thread count (tests of the threads) always get threads.
  if (run.threads === undefined && copiedHere(run.files.length, run.files.reduce((n, f) => n + f.size, 0))) return copyHere(setup, batches[0]);
  const stats = new Float64Array(run.files.length * 3);
  const count = Math.min(run.threads ?? Math.min(MAX_COPY_THREADS, availableParallelism()), batches.length);
  let outcome: { error: unknown } | undefined;
  let next = 0;
  const stop = (error: unknown): void => {
    outcome ??= { error };
    Atomics.store(flags, STOP_AT, 1);
  };
  const onAbort = (): void => stop(cancelledError());
  run.signal?.addEventListener('abort', onAbort, { once: true });
  const healthy: Worker[] = [];
  const broken: Worker[] = [];
  try {
    await new Promise<void>((resolve) => {
      let running = count;
      const ended = (): void => {
        running -= 1;
        if (running === 0) resolve();
      };
      for (let i = 0; i < count; i += 1) {
        let worker: Worker;
        try {
          worker = pool.take();
        } catch (err) {
          stop(threadFailed(err instanceof Error ? err.message : String(err)));
          ended();
          continue;
        }
        let over = false;
        const end = (ok: boolean): void => {
          if (over) return;
          over = true;
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          (ok ? healthy : broken).push(worker);
          ended();
        };
        let inFlight = 0;
        // Each thread holds AHEAD batches, so it starts the next one without waiting for this thread to answer.
        const feed = (): void => {
          while (inFlight < AHEAD) {
            const batch = outcome ? undefined : batches[next];
            if (!batch) break;
            next += 1;
            inFlight += 1;
            worker.postMessage(batch satisfies CopyMessage);
          }
          if (inFlight === 0) end(true);
        };
        const onMessage = (reply: CopyReply): void => {
          inFlight -= 1;
          if ('done' in reply) stats.set(reply.done, reply.first * 3);
          else if ('failure' in reply) stop(new ThreadCopyFailure(reply.at, reply.failure));
          feed();
        };
        const onError = (err: Error): void => {
          stop(threadFailed(err.message));
          end(false);
        };
        const onExit = (code: number): void => {
          stop(threadFailed(`it ended with exit code ${code}`));
          end(false);
        };
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        worker.postMessage({ setup } satisfies CopyMessage);
        feed();
      }
    });
  } finally {
    run.signal?.removeEventListener('abort', onAbort);
    for (const w of healthy) pool.give(w);
    await Promise.all(broken.map((w) => w.terminate()));
  }
  if (outcome) throw outcome.error;
  return stats;
}

function copyHere(setup: CopyThreadSetup, batch: CopyBatch | undefined): Float64Array {
  if (!batch) return new Float64Array(0);
  const reply = batchCopier(setup, Buffer.allocUnsafe(COPY_BUFFER_BYTES)).copy(batch);
  if ('failure' in reply) throw new ThreadCopyFailure(reply.at, reply.failure);
  if ('stopped' in reply) throw cancelledError();
  return reply.done;
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
