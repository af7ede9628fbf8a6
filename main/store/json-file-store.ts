import { basename, dirname } from 'node:path';
import type { z } from 'zod';
import type { Notice } from '../../shared/contract';
import { writeFileAtomic } from './atomic-write';
import { mkdirPrivate } from './private-modes';
import { keepCorruptBackup } from './backup';
import { readJsonFile } from './read-json';
import { describeProblems, problemsOf } from './zod-issues';

/** A zod-validated JSON file with defaults (settings.json, recent.json). */
export class JsonFileStore<T> {
  private readonly path: string;
  private readonly schema: z.ZodType<T>;
  private readonly defaults: T;
  private readonly now: () => number;
  private readonly durable: boolean;

  /** `durable: false` skips the fsyncs (atomic-write.ts) for a file whose loss after a power cut is harmless. */
  constructor(opts: { path: string; schema: z.ZodType<T>; defaults: T; now?: () => number; durable?: boolean }) {
    this.path = opts.path;
    this.schema = opts.schema;
    this.defaults = opts.defaults;
    this.now = opts.now ?? Date.now;
    this.durable = opts.durable ?? true;
  }

  /** Missing → defaults. Damaged or invalid → the file is kept aside as a backup, defaults are used, and a notice says why. */
  async load(): Promise<{ value: T; notices: Notice[] }> {
    const read = await readJsonFile(this.path);
    if (read.kind === 'missing') return { value: this.defaults, notices: [] };
    let reason: string;
    if (read.kind === 'ok') {
      const parsed = this.schema.safeParse(read.value);
      if (parsed.success) return { value: parsed.data, notices: [] };
      reason = describeProblems(problemsOf(parsed.error));
    } else {
      reason = read.reason;
    }
    return { value: this.defaults, notices: [await damagedNotice(this.path, reason, this.now())] };
  }

  async save(value: T): Promise<void> {
    const checked = this.schema.parse(value);
    await mkdirPrivate(dirname(this.path));
    await writeFileAtomic(this.path, `${JSON.stringify(checked, null, 2)}\n`, {}, { durable: this.durable });
  }
}

/** Sets the file aside and says so, naming what was wrong. */
export async function damagedNotice(path: string, reason: string, now: number): Promise<Notice> {
  const kept = await keepCorruptBackup(path, now);
  const name = basename(path);
  const where = kept.backup ? `a backup was kept at ${kept.backup}` : `it could not be set aside (${kept.error})`;
  return { level: 'warning', message: `${name} was damaged (${reason}); ${where}, and the defaults are used.` };
}
