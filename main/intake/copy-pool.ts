import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads/start-worker';
import { cancelledError } from './cancel';
import type { CopyPlace, CopyThreadSetup } from './copy-protocol';
import { BATCH_BYTES, BATCH_FILES, copiedHere, CopyStream, type CopyStreamOptions, type ThreadSource } from './copy-stream';

export { ThreadCopyFailure } from './copy-stream';

/** At most this many copy threads per copy. */
export const MAX_COPY_THREADS = 4;
/** Idle copy threads end after this long: a thread costs ~10 MB, and starting one ~20 ms (built) to ~300 ms (from the sources). */
const IDLE_MS = 60_000;

/**
 * Copy threads kept between copies (a project is copied once per run, and a watch copies again at every change),
 * so only the first copy waits for threads to start. An idle thread does not keep the process alive.
 */
export class CopyThreadPool implements ThreadSource {
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

/** Copy threads a copy of `files` files and `bytes` bytes is likely to use: none when it is copied here. */
const threadsFor = (files: number, bytes: number): number =>
  copiedHere(files, bytes) ? 0 : Math.min(copyThreadCount(), Math.max(Math.ceil(files / BATCH_FILES), Math.ceil(bytes / BATCH_BYTES)));

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

/** Batches a thread holds when this thread only hands them out: the one it copies and the next, already in its queue. */
const AHEAD = 2;

/** Threads a copy uses at most unless told: past four the disk, not the calls, is the limit. */
export const copyThreadCount = (): number => Math.min(MAX_COPY_THREADS, availableParallelism());

/** A copy fed by its caller (a scan that copies what it finds: open-and-copy.ts), from the process's pool by default. */
export const copyStream = (opts: Omit<CopyStreamOptions, 'pool'> & { pool?: CopyThreadPool | undefined }): CopyStream =>
  new CopyStream({ ...opts, pool: opts.pool ?? sharedPool });

/**
 * Copies the files in up to four threads (min of MAX_COPY_THREADS and the cores), which make the file-system calls
 * synchronously, while this (main) thread only hands out batches and collects the answers: the event loop stays
 * free however slow the disk, and a stuck mount (NFS, FUSE) stalls a copy thread instead of the app.
 *
 * A small project (BATCH_FILES files and BATCH_BYTES at most: one batch, e.g. a one-file `hapyy run`) is copied
 * here: starting a thread (~20-45 ms) would cost more than the copy, and the scan just made the same calls on this
 * thread. One large file is also one batch, but goes to a thread: copied here it would hold the event loop, and a
 * cancel with it. Callers that name a thread count (tests of the threads) always get threads.
 *
 * Returns size, mode and mtimeMs of each file's source fstat, three numbers a file in manifest order. Throws
 * ThreadCopyFailure for the first file that could not be copied, AppError 'cancelled' when `signal` aborts, and
 * AppError 'internal' when a thread dies. Either way every thread has stopped before this returns or throws
 * (CopyStream), so the caller can remove the copy.
 */
export async function copyInThreads(run: ThreadCopy): Promise<Float64Array> {
  if (run.signal?.aborted) throw cancelledError();
  const stream = copyStream({
    setup: run.setup,
    threads: run.threads ?? copyThreadCount(),
    forceThreads: run.threads !== undefined,
    ahead: AHEAD,
    pool: run.pool,
    signal: run.signal,
  });
  for (const f of run.files) stream.add(f, f.size);
  return stream.finish();
}
