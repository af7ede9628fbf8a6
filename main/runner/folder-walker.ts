import { Worker } from 'node:worker_threads';
import { folderBytes, MAX_ENTRIES, type FolderBytes, type FolderBytesResult } from './write-watch';

/**
 * folderBytes in a worker thread, with synchronous calls. On the main thread each file costs a promise, a thread-pool
 * round trip and a Stats object: walking a 20,000-file project copy took 270–480 ms here with the main thread busy
 * nearly all of it, and a run walks its writable folders every second while its tool runs (the write limit). The same
 * walk with synchronous calls takes 55–100 ms, none of it on the main thread (bench/intake.ts measures both), and a
 * folder on a hung mount holds up the worker rather than the app.
 *
 * The same answer as folderBytes: level by level, links not followed, stopping after `maxEntries` entries. Until the
 * worker answers (the third walk in a process, or a slow one, starts it) and whenever it cannot start or has died,
 * the walk runs on this thread as before.
 */
const WALK_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
function walk(dirs, maxEntries) {
  let bytes = 0;
  let seen = 0;
  let level = dirs.slice();
  while (level.length > 0) {
    const next = [];
    for (const dir of level) {
      let d;
      try {
        d = fs.opendirSync(dir, { bufferSize: 128 });
      } catch {
        continue; // gone or unreadable meanwhile
      }
      try {
        let e;
        while ((e = d.readSync()) !== null) {
          seen += 1;
          if (seen > maxEntries) return { bytes, complete: false };
          const p = path.join(dir, e.name);
          if (e.isDirectory()) next.push(p);
          else if (e.isFile()) {
            try {
              bytes += fs.lstatSync(p, { throwIfNoEntry: false })?.size ?? 0;
            } catch {
              // unreadable: counts as nothing, as in folderBytes
            }
          }
        }
      } catch {
        // a folder that went while being read: what was read counts
      } finally {
        d.closeSync();
      }
    }
    level = next;
  }
  return { bytes, complete: true };
}
parentPort.on('message', (m) => {
  try {
    parentPort.postMessage({ id: m.id, ...walk(m.dirs, m.maxEntries) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

/** Walks run on this thread before the worker is started (see bytes), unless one of them was slow. */
const WALKS_BEFORE_WORKER = 3;
/** A walk on this thread longer than this starts the worker: about what starting it costs. */
const SLOW_WALK_MS = 30;

type Reply = { id: number; bytes: number; complete: boolean } | { id: number; error: string };

interface Pending {
  resolve: (r: FolderBytesResult) => void;
  fallback: () => void;
}

export class FolderWalker {
  private worker: Worker | null = null;
  private ready = false;
  private unusable = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private onlineWaiters: ((usable: boolean) => void)[] = [];
  /** Walks answered by the worker and walks run on this thread (fallbacks included): what tests look at. */
  readonly counts = { inWorker: 0, here: 0 };
  private asked = 0;

  constructor(private readonly o: { slowWalkMs: number } = { slowWalkMs: SLOW_WALK_MS }) {}

  /** Bytes under `dirs` (see folderBytes); never rejects for a worker's sake. */
  readonly bytes: FolderBytes = (dirs, maxEntries) => {
    if (this.unusable) return this.here(dirs, maxEntries);
    if (!this.ready) {
      // From the third walk on: a single short run (a walk before its tool and one after) does not pay for a thread
      // it would not use (`hapyy run` on one project); a long run's second sample, a second run, or a walk of a big
      // tree (here) starts it.
      this.asked += 1;
      if (this.asked >= WALKS_BEFORE_WORKER) this.start();
      return this.here(dirs, maxEntries);
    }
    const worker = this.worker as Worker;
    return new Promise<FolderBytesResult>((resolve, reject) => {
      const id = (this.nextId += 1);
      this.pending.set(id, { resolve, fallback: () => this.here(dirs, maxEntries).then(resolve, reject) });
      // Keeps the process alive while a caller waits for the answer; unref'd again when none does.
      worker.ref();
      worker.postMessage({ id, dirs: [...dirs], maxEntries: maxEntries ?? MAX_ENTRIES });
    });
  };

  /** A worker has been started (it may not be up yet). */
  get started(): boolean {
    return this.worker !== null;
  }

  /** Starts the worker if it is not running; resolves true once walks go to it, false when it cannot start here. */
  whenReady(): Promise<boolean> {
    if (this.ready || this.unusable) return Promise.resolve(this.ready);
    this.start();
    if (this.unusable) return Promise.resolve(false);
    // Someone waits for it: the starting worker keeps the process alive until it is up (see 'online').
    this.worker?.ref();
    return new Promise((resolve) => this.onlineWaiters.push(resolve));
  }

  /** Ends the worker (tests; the process's exit ends it anyway). Walks waiting on it run here instead. */
  async close(): Promise<void> {
    const w = this.worker;
    this.reset();
    await w?.terminate();
  }

  private here(dirs: readonly string[], maxEntries?: number): Promise<FolderBytesResult> {
    this.counts.here += 1;
    const t0 = performance.now();
    return folderBytes(dirs, maxEntries).then((r) => {
      // A big tree: the worker pays for its start at the next walk already.
      if (!this.unusable && performance.now() - t0 > this.o.slowWalkMs) this.start();
      return r;
    });
  }

  private start(): void {
    if (this.worker) return;
    let worker: Worker;
    try {
      // No execArgv: the walk needs none of this process's flags or loaders (a dev run's --import tsx).
      worker = new Worker(WALK_SOURCE, { eval: true, execArgv: [] });
    } catch {
      this.unusable = true;
      return;
    }
    this.worker = worker;
    worker.on('online', () => {
      if (this.worker !== worker) return;
      this.ready = true;
      if (this.pending.size === 0) worker.unref();
      this.settleWaiters(true);
    });
    worker.on('message', (m: Reply) => this.onReply(m));
    // A worker that failed or ended: its waiting walks run here; the next walk starts a new one.
    worker.on('error', () => {
      if (this.worker === worker) this.reset();
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.reset();
    });
    // After the listeners: adding a 'message' listener refs a worker again, and a process whose walks all ran here
    // (its run ended before the worker was up) then never exited.
    worker.unref();
  }

  private onReply(m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in m) {
      p.fallback();
      return;
    }
    this.counts.inWorker += 1;
    p.resolve({ bytes: m.bytes, complete: m.complete });
  }

  private reset(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.worker = null;
    this.ready = false;
    this.settleWaiters(false);
    for (const p of waiting) p.fallback();
  }

  private settleWaiters(usable: boolean): void {
    const waiters = this.onlineWaiters;
    this.onlineWaiters = [];
    for (const w of waiters) w(usable);
  }
}

let shared: FolderWalker | null = null;

/** One walker per process, however many runners it makes (tests make many). */
export function sharedFolderWalker(): FolderWalker {
  shared ??= new FolderWalker();
  return shared;
}
