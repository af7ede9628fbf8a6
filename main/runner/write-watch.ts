import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';

/** Names read, and sizes asked, per round: bounded so a huge folder never holds much in memory at once. */
const LSTAT_BATCH = 128;
/**
 * Folders read at once. A run's writable folders (input, output, home, tmp) were read one after another, each a few
 * thread-pool round trips, and a run's end waits for the walk (the write limit is judged on it).
 */
const DIRS_AT_ONCE = 8;
/** Entries a walk reads at most (see folderBytes). */
export const MAX_ENTRIES = 200_000;

export interface FolderBytesResult {
  bytes: number;
  /** false: it stopped after maxEntries entries, and `bytes` counts only what it had seen. */
  complete: boolean;
}

/** A walk like folderBytes (folder-walker.ts does it in a worker thread). */
export type FolderBytes = (dirs: readonly string[], maxEntries?: number) => Promise<FolderBytesResult>;

/**
 * Bytes under some folders: the apparent size of every file (a sparse file counts as big as it says), links not
 * followed. Bounded: after `maxEntries` entries it stops and says so, so a tool that makes millions of empty files
 * cannot make the watcher itself the load (the process and file-size limits still hold then). Read a level at a
 * time, up to DIRS_AT_ONCE folders side by side (so at most that many folder handles open).
 */
export async function folderBytes(dirs: readonly string[], maxEntries = MAX_ENTRIES): Promise<FolderBytesResult> {
  let bytes = 0;
  let seen = 0;
  let over = false;
  const sizeOf = async (batch: string[]): Promise<void> => {
    // A batch of lstat calls at once (the thread pool runs them side by side), not one after another: a
    // project copy of 20,000 files was that many round trips in a row, before the run and again after it.
    const sizes = await Promise.all(batch.map((p) => lstat(p).then((s) => s.size, () => 0)));
    for (const n of sizes) bytes += n;
  };
  /** Adds the sizes of one folder's files; its subfolders go to `next`. */
  const readDir = async (dir: string, next: string[]): Promise<void> => {
    let handle;
    try {
      // Larger batches than the default 32: one thread-pool round trip per batch, not per 32 names.
      handle = await opendir(dir, { bufferSize: LSTAT_BATCH });
    } catch {
      return; // gone or unreadable meanwhile
    }
    let files: string[] = [];
    for await (const e of handle) {
      seen += 1;
      if (seen > maxEntries || over) {
        over = true;
        break; // leaving the loop closes the folder
      }
      const p = path.join(dir, e.name);
      if (e.isDirectory()) next.push(p);
      else if (e.isFile()) files.push(p);
      if (files.length >= LSTAT_BATCH) {
        await sizeOf(files);
        files = [];
      }
    }
    await sizeOf(files);
  };
  let level = [...dirs];
  while (level.length > 0 && !over) {
    const next: string[] = [];
    for (let i = 0; i < level.length && !over; i += DIRS_AT_ONCE) {
      await Promise.all(level.slice(i, i + DIRS_AT_ONCE).map((d) => readDir(d, next)));
    }
    level = next;
  }
  return { bytes, complete: !over };
}

/** Watches how much a run has added to its writable folders since it started. */
export class WriteWatch {
  private base = 0;
  /** A walk stopped at its entry bound: the bytes it counted are only part of what the folders hold. */
  cut = false;

  constructor(
    private readonly dirs: readonly string[],
    private readonly limitBytes: number,
    /** How the folders are walked: here by default, in a worker thread for a runner's runs (folder-walker.ts). */
    private readonly walk: FolderBytes = folderBytes,
  ) {}

  /**
   * `fresh`: folders this run has just made (so empty, the tool not started yet): counted as 0 without a walk, which
   * on a run of a quick tool was a good part of its main-thread time.
   */
  async start(fresh: Promise<ReadonlySet<string>> = Promise.resolve(new Set())): Promise<void> {
    const made = await fresh.catch(() => new Set<string>());
    this.base = this.counted(await this.walk(this.dirs.filter((d) => !made.has(d))));
  }

  /** Bytes added so far (never negative: a tool may delete its input). */
  async written(): Promise<number> {
    return Math.max(0, this.counted(await this.walk(this.dirs)) - this.base);
  }

  private counted(r: FolderBytesResult): number {
    if (!r.complete) this.cut = true;
    return r.bytes;
  }

  async over(): Promise<boolean> {
    return (await this.written()) > this.limitBytes;
  }
}
