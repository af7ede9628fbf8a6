import { close, open, writev } from 'node:fs';

/**
 * Appends buffers to a file, one `writev` in the threadpool at a time: whatever was queued while a write was in
 * flight goes out together in the next one. Hand-written rather than fs.WriteStream because a stream costs a
 * buffered-request object, a callback and a state update per write() (three per log frame), which was a measurable
 * part of the runner's cost per output chunk; here a chunk costs an array push.
 * After a failed write nothing more is written (`error` says why); queued buffers are dropped. Appends after
 * close() are ignored.
 */
export class LogWriter {
  private queue: Buffer[] = [];
  private queued = 0;
  private writing = false;
  /** `behind` was true since the last drain: producers may be paused, waiting for one. */
  private needDrain = false;
  private closing: Promise<void> | null = null;
  private readonly drainListeners: (() => void)[] = [];
  private afterFlush: (() => void) | null = null;
  error: string | null = null;

  private constructor(
    private readonly fd: number,
    /** Queued bytes above which `behind` is true (the caller pauses its producers). */
    private readonly highWater: number,
  ) {}

  static open(path: string, highWater: number): Promise<LogWriter> {
    return new Promise((resolve, reject) => {
      open(path, 'w', 0o666, (e, fd) => (e ? reject(e) : resolve(new LogWriter(fd, highWater))));
    });
  }

  /** Bytes not yet handed to the kernel are over highWater: pause producers until `onDrain`. */
  get behind(): boolean {
    return this.queued > this.highWater && this.error === null;
  }

  /** Queues `bufs` to be written in this order, after everything appended before. */
  append(bufs: readonly Buffer[]): void {
    // Nothing after close(): its descriptor number may already belong to another file.
    if (this.error !== null || this.closing) return;
    for (const b of bufs) {
      this.queue.push(b);
      this.queued += b.byteLength;
    }
    if (this.queued > this.highWater) this.needDrain = true;
    if (!this.writing) this.flush();
  }

  /** Called when the queue falls below highWater after being above it, and when writing fails. */
  onDrain(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  /** Writes what is queued, then closes the file. Never rejects; a failure is in `error`. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      const done = (): void => close(this.fd, () => resolve());
      if (!this.writing && this.queue.length === 0) done();
      else this.afterFlush = done;
    });
    return this.closing;
  }

  private flush(): void {
    const bufs = this.queue;
    this.queue = [];
    this.writing = true;
    writev(this.fd, bufs, (e) => {
      this.writing = false;
      if (e) {
        this.error ??= e.message;
        this.queue = [];
        this.queued = 0;
        for (const l of this.drainListeners) l();
      } else {
        for (const b of bufs) this.queued -= b.byteLength;
        if (this.needDrain && this.queued <= this.highWater) {
          this.needDrain = false;
          for (const l of this.drainListeners) l();
        }
      }
      if (this.queue.length > 0 && this.error === null) this.flush();
      else if (this.afterFlush) {
        const done = this.afterFlush;
        this.afterFlush = null;
        done();
      }
    });
  }
}
