import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';
import { readJsonFile } from './read-json';

/**
 * Answers of slow probes (the sandbox's, an engine's `--version`) kept in the data folder between processes, so a
 * `hapyy run` does not start three sandboxes before the one that matters. An answer holds only while every file it
 * was about is unchanged (device, inode, size, mtime and ctime: a touch cannot fake ctime) and for at most `maxAgeMs`.
 * The data folder is private to the user and hidden from every tool's sandbox, so no tool can plant an answer.
 * Writes are atomic but not fsynced: a lost cache after a power cut costs one probe.
 */
export interface ProbeCacheOptions<T> {
  file: string;
  schema: z.ZodType<T>;
  maxAgeMs: number;
  /** At most this many answers are kept, the newest. */
  maxEntries?: number;
  now?: () => number;
}

const entrySchema = z.object({ savedAt: z.number(), files: z.record(z.string(), z.string()), value: z.unknown() });
const fileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), entrySchema) });
type CacheFile = z.infer<typeof fileSchema>;

/** What identifies a file's content without reading it; null when it is gone. */
async function fingerprint(file: string): Promise<string | null> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return null;
  }
}

export class ProbeCache<T> {
  private readonly now: () => number;

  constructor(private readonly opts: ProbeCacheOptions<T>) {
    this.now = opts.now ?? Date.now;
  }

  /** The answer kept for `key`, if it is young enough and none of its files changed; otherwise null. */
  async get(key: string): Promise<T | null> {
    const entry = (await this.read()).entries[key];
    if (!entry) return null;
    const age = this.now() - entry.savedAt;
    if (age < 0 || age > this.opts.maxAgeMs) return null;
    for (const [file, print] of Object.entries(entry.files)) if ((await fingerprint(file)) !== print) return null;
    const value = this.opts.schema.safeParse(entry.value);
    return value.success ? value.data : null;
  }

  /** Keeps `value` for `key`, tied to `files` as they are now (not kept if one of them is gone). */
  async put(key: string, files: readonly string[], value: T): Promise<void> {
    const prints: Record<string, string> = {};
    for (const file of files) {
      const print = await fingerprint(file);
      if (print === null) return;
      prints[file] = print;
    }
    const current = await this.read();
    const entries = Object.entries({ ...current.entries, [key]: { savedAt: this.now(), files: prints, value } })
      .sort(([, a], [, b]) => b.savedAt - a.savedAt)
      .slice(0, this.opts.maxEntries ?? 64);
    await writeFileAtomic(this.opts.file, `${JSON.stringify({ version: 1, entries: Object.fromEntries(entries) } satisfies CacheFile)}\n`, {}, { durable: false });
  }

  private async read(): Promise<CacheFile> {
    const read = await readJsonFile(this.opts.file, 1024 * 1024).catch(() => ({ kind: 'missing' as const }));
    const parsed = read.kind === 'ok' ? fileSchema.safeParse(read.value) : null;
    return parsed?.success ? parsed.data : { version: 1, entries: {} };
  }
}
