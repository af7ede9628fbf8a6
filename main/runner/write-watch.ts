import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Bytes under some folders: the apparent size of every file (a sparse file counts as big as it says), links not
 * followed. Bounded: after `maxEntries` entries it stops and says so, so a tool that makes millions of empty files
 * cannot make the watcher itself the load (the process and file-size limits still hold then).
 */
export async function folderBytes(dirs: readonly string[], maxEntries = 200_000): Promise<{ bytes: number; complete: boolean }> {
  let bytes = 0;
  let seen = 0;
  const stack = [...dirs];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let handle;
    try {
      handle = await opendir(dir);
    } catch {
      continue; // gone or unreadable meanwhile
    }
    for await (const e of handle) {
      seen += 1;
      if (seen > maxEntries) return { bytes, complete: false };
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) bytes += await lstat(p).then((s) => s.size, () => 0);
    }
  }
  return { bytes, complete: true };
}

/** Watches how much a run has added to its writable folders since it started. */
export class WriteWatch {
  private base = 0;

  constructor(
    private readonly dirs: readonly string[],
    private readonly limitBytes: number,
  ) {}

  async start(): Promise<void> {
    this.base = (await folderBytes(this.dirs)).bytes;
  }

  /** Bytes added so far (never negative: a tool may delete its input). */
  async written(): Promise<number> {
    return Math.max(0, (await folderBytes(this.dirs)).bytes - this.base);
  }

  async over(): Promise<boolean> {
    return (await this.written()) > this.limitBytes;
  }
}
