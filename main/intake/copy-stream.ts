import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { batchCopier } from './copy-batch';
import { COPY_BUFFER_BYTES } from './copy-file';
import { cancelledError } from './cancel';
import { SHARED_BYTES, STOP_AT, type CopyBatch, type CopyMessage, type CopyPlace, type CopyReply, type CopyThreadSetup, type CopyFailure } from './copy-protocol';

/** A batch closes at this many files or bytes (scan-time sizes): small enough to share out evenly, large enough that messages cost nothing. */
export const BATCH_FILES = 64;
export const BATCH_BYTES = 4 * 1024 * 1024;

/** A copy of at most this much is made on the calling thread (see CopyStream.finish). */
export const copiedHere = (files: number, bytes: number): boolean => files <= BATCH_FILES && bytes <= BATCH_BYTES;

/** A file the copy threads could not copy: `at` is its index in the order the files were added. */
export class ThreadCopyFailure extends Error {
  constructor(
    readonly at: number,
    readonly failure: CopyFailure,
  ) {
    super(`file ${at}: ${failure.kind}`);
  }
}

/** Where a copy's threads come from and go back to (copy-pool.ts). */
export interface ThreadSource {
  take(): Worker;
  give(worker: Worker): void;
}

export interface CopyStreamOptions {
  setup: Omit<CopyThreadSetup, 'shared'>;
  /** Threads at most. */
  threads: number;
  /** Always copy in threads, even a copy small enough for the calling thread (tests of the threads). */
  forceThreads: boolean;
  /**
   * Batches a thread holds at once: the one it copies and those queued behind it, so it goes on without waiting for
   * this thread to answer. More while a scan feeds the copy, since this thread then answers only between its slices.
   */
  ahead: number;
  pool: ThreadSource;
  signal?: AbortSignal | undefined;
}

interface Slot {
  worker: Worker;
  inFlight: number;
  over: boolean;
  /** Removes this copy's listeners (one by one: removeAllListeners would also drop those through which Node keeps the thread's port referenced). */
  detach(): void;
}

/**
 * One copy in threads, fed file by file (add) while the files are still being found, then finished (finish) or
 * stopped (abort). Files are batched as they come; a batch goes to an idle thread, a new one (up to `threads`), or
 * the least busy one with room, else waits for an answer. The threads are taken only when a second batch begins (or
 * at finish for one large file), so a small copy is made on the calling thread without starting any.
 *
 * Either way every thread has stopped before finish or abort settles (each finishes at most the file or 1 MiB piece
 * it is on, and closes its descriptors), so the caller can remove the copy.
 */
export class CopyStream {
  private readonly setup: CopyThreadSetup;
  private readonly flags: Int32Array;
  private readonly queue: CopyBatch[] = [];
  private current: CopyBatch = { first: 0, files: [] };
  private currentBytes = 0;
  private added = 0;
  private stats = new Float64Array(3 * 256);
  private readonly slots: Slot[] = [];
  private readonly healthy: Worker[] = [];
  private readonly broken: Worker[] = [];
  private running = 0;
  private finishing = false;
  private outcome: { error: unknown } | undefined;
  private allEnded: (() => void) | undefined;
  private readonly onAbort = (): void => this.stop(cancelledError());

  constructor(private readonly opts: CopyStreamOptions) {
    const shared = new SharedArrayBuffer(SHARED_BYTES);
    this.flags = new Int32Array(shared);
    this.setup = { ...opts.setup, shared };
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (opts.signal?.aborted) this.stop(cancelledError());
  }

  /** Files added so far; the next file's index. */
  get count(): number {
    return this.added;
  }

  /** The copy has failed or was cancelled: further files are not copied, and finish will throw. */
  get stopped(): boolean {
    return this.outcome !== undefined;
  }

  /** Adds a file (its folder in the destination already made) with the size the scan saw, used only to size batches. */
  add(place: CopyPlace, size: number): void {
    if (this.outcome) return;
    if (this.current.files.length > 0 && (this.current.files.length >= BATCH_FILES || this.currentBytes + size > BATCH_BYTES)) {
      this.queue.push(this.current);
      this.current = { first: this.added, files: [] };
      this.currentBytes = 0;
      this.dispatch();
    }
    this.current.files.push(place.rawPath !== undefined ? { path: place.path, rawPath: place.rawPath } : { path: place.path });
    this.currentBytes += size;
    this.added += 1;
    if (this.stats.length < this.added * 3) {
      const grown = new Float64Array(this.stats.length * 2);
      grown.set(this.stats);
      this.stats = grown;
    }
  }

  /**
   * No more files: copies the rest and returns size, mode and mtimeMs of each file's source fstat, three numbers a
   * file in the order added. Throws ThreadCopyFailure for the first file that could not be copied, AppError
   * 'cancelled' when the signal aborted, and AppError 'internal' when a thread died.
   */
  async finish(): Promise<Float64Array> {
    const small = this.slots.length === 0 && this.queue.length === 0 && !this.opts.forceThreads && copiedHere(this.current.files.length, this.currentBytes);
    if (small && !this.outcome) {
      this.end();
      return this.copyHere(this.current);
    }
    if (this.current.files.length > 0) this.queue.push(this.current);
    this.current = { first: this.added, files: [] };
    await this.settle();
    if (this.outcome) throw this.outcome.error;
    return this.stats.subarray(0, this.added * 3);
  }

  /** Stops the copy (the caller failed): resolves once every thread has stopped. */
  async abort(): Promise<void> {
    this.stop(new AppError('cancelled', 'The copy was stopped.'));
    await this.settle();
  }

  private async settle(): Promise<void> {
    this.finishing = true;
    const ended = new Promise<void>((resolve) => {
      this.allEnded = resolve;
    });
    this.dispatch();
    for (const s of [...this.slots]) if (s.inFlight === 0) this.release(s, true);
    if (this.running > 0) await ended;
    this.end();
    for (const w of this.healthy.splice(0)) this.opts.pool.give(w);
    await Promise.all(this.broken.splice(0).map((w) => w.terminate()));
  }

  private end(): void {
    this.opts.signal?.removeEventListener('abort', this.onAbort);
  }

  private copyHere(batch: CopyBatch): Float64Array {
    if (batch.files.length === 0) return new Float64Array(0);
    const reply = batchCopier(this.setup, Buffer.allocUnsafe(COPY_BUFFER_BYTES)).copy(batch);
    if ('failure' in reply) throw new ThreadCopyFailure(reply.at, reply.failure);
    if ('stopped' in reply) throw cancelledError();
    return reply.done;
  }

  private stop(error: unknown): void {
    this.outcome ??= { error };
    Atomics.store(this.flags, STOP_AT, 1);
    this.queue.length = 0;
    for (const s of [...this.slots]) if (s.inFlight === 0) this.release(s, true);
  }

  /** Hands out queued batches while some thread has room. */
  private dispatch(): void {
    while (this.queue.length > 0 && !this.outcome) {
      const slot = this.slotWithRoom();
      if (!slot) return;
      const batch = this.queue.shift() as CopyBatch;
      slot.inFlight += 1;
      slot.worker.postMessage(batch satisfies CopyMessage);
    }
  }

  private slotWithRoom(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots) if (!s.over && (best === undefined || s.inFlight < best.inFlight)) best = s;
    if (best?.inFlight === 0) return best;
    if (this.slots.length < this.opts.threads) return this.started() ?? best;
    return best !== undefined && best.inFlight < this.opts.ahead ? best : undefined;
  }

  private started(): Slot | undefined {
    let worker: Worker;
    try {
      worker = this.opts.pool.take();
    } catch (err) {
      this.stop(threadFailed(err instanceof Error ? err.message : String(err)));
      return undefined;
    }
    const slot: Slot = { worker, inFlight: 0, over: false, detach: () => undefined };
    const onMessage = (reply: CopyReply): void => {
      slot.inFlight -= 1;
      if ('done' in reply) this.stats.set(reply.done, reply.first * 3);
      else if ('failure' in reply) this.stop(new ThreadCopyFailure(reply.at, reply.failure));
      this.dispatch();
      if (slot.inFlight === 0 && (this.finishing || this.outcome)) this.release(slot, true);
    };
    const onError = (err: Error): void => {
      this.stop(threadFailed(err.message));
      this.release(slot, false);
    };
    const onExit = (code: number): void => {
      this.stop(threadFailed(`it ended with exit code ${code}`));
      this.release(slot, false);
    };
    slot.detach = () => void worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage({ setup: this.setup } satisfies CopyMessage);
    this.slots.push(slot);
    this.running += 1;
    return slot;
  }

  /** The thread has answered every batch it was sent (ok) or died: it leaves this copy. */
  private release(slot: Slot, ok: boolean): void {
    if (slot.over) return;
    slot.over = true;
    slot.detach();
    (ok ? this.healthy : this.broken).push(slot.worker);
    this.running -= 1;
    if (this.running === 0) this.allEnded?.();
  }
}

const threadFailed = (why: string): AppError =>
  new AppError('internal', `The copy of the project stopped: a copying thread failed (${why}). Nothing of it was kept; try the run again.`);
