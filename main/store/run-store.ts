import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Notice } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/jobs';
import { JobRecordSchema } from '../../shared/wire/jobs';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-write';
import { mkdirPrivate, PRIVATE_DIR_MODE } from './private-modes';
import { keepCorruptBackup } from './backup';
import { selectExpired, type RetentionPolicy } from './retention';
import { assertJobId, isValidJobId } from './run-id';
import { ownedByLiveProcess, writeOwner } from './run-owner';
import { describeProblems, problemsOf } from './zod-issues';
import { DATA_LAYOUT, RUN_LAYOUT } from './layout';

const RECORD = RUN_LAYOUT.record;
/** Parallel reads at load: enough to hide latency, few enough not to run out of file handles. */
const READ_BATCH = 32;

/** The run folders: `<dataDir>/runs/<jobId>/{input,output,run.log,run.json,tmp,home}`. */
export class RunStore {
  readonly runsDir: string;
  private readonly now: () => number;

  constructor(opts: { dataDir: string; now?: () => number }) {
    this.runsDir = join(resolve(opts.dataDir), DATA_LAYOUT.runs);
    this.now = opts.now ?? Date.now;
  }

  runDir(jobId: string): string {
    return join(this.runsDir, assertJobId(jobId));
  }

  /** Makes the run folder; an existing one is an id collision and refused. */
  async create(jobId: string): Promise<string> {
    const dir = this.runDir(jobId);
    await mkdirPrivate(this.runsDir);
    await this.assertRunsDirIsReal();
    try {
      await fsp.mkdir(dir, { mode: PRIVATE_DIR_MODE });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('internal', `A run folder for ${jobId} already exists.`);
      throw err;
    }
    await writeOwner(dir);
    return dir;
  }

  /** A run of an earlier session taken up again by this process: it is ours now, so a neighbour leaves it alone. */
  async claim(jobId: string): Promise<void> {
    await writeOwner(this.runDir(jobId));
  }

  /** True when another live process (the app, a CLI invocation) created this run: its job is not ours to recover. */
  ownedByLiveProcess(jobId: string): Promise<boolean> {
    return ownedByLiveProcess(this.runDir(jobId));
  }

  /** `durable: false` skips the fsyncs (see AtomicWriteOptions), for a record whose loss in a crash is harmless. */
  async save(record: JobRecord, opts: AtomicWriteOptions = {}): Promise<void> {
    const parsed = JobRecordSchema.safeParse(record);
    if (!parsed.success) {
      throw new AppError('internal', `The record of run ${record.jobId} is not valid: ${describeProblems(problemsOf(parsed.error))}`);
    }
    await writeFileAtomic(join(this.runDir(parsed.data.jobId), RECORD), `${JSON.stringify(parsed.data, null, 2)}\n`, {}, opts);
  }

  /** Every readable record. Bad data never throws: a damaged record is set aside and reported. */
  async load(): Promise<{ records: JobRecord[]; notices: Notice[] }> {
    const records: JobRecord[] = [];
    const notices: Notice[] = [];
    let names: string[];
    try {
      const entries = await fsp.readdir(this.runsDir, { withFileTypes: true });
      // Only real folders with a valid id: a planted link or stray file in runs/ is not a run.
      names = entries.filter((e) => e.isDirectory() && isValidJobId(e.name)).map((e) => e.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records, notices };
      notices.push({ level: 'error', message: `The run history could not be read (${(err as Error).message}).` });
      return { records, notices };
    }
    for (let i = 0; i < names.length; i += READ_BATCH) {
      const batch = await Promise.all(names.slice(i, i + READ_BATCH).map((n) => this.loadOne(n)));
      for (const r of batch) {
        if (r.record) records.push(r.record);
        if (r.notice) notices.push(r.notice);
      }
    }
    return { records, notices };
  }

  private async loadOne(jobId: string): Promise<{ record?: JobRecord; notice?: Notice }> {
    const file = join(this.runsDir, jobId, RECORD);
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch (err) {
      // A folder without a record is a submit that never finished preparing; nothing to report.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return { notice: { level: 'warning', message: `The record of run ${jobId} could not be read (${(err as Error).message}).` } };
    }
    let reason: string;
    try {
      const parsed = JobRecordSchema.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.jobId === jobId) return { record: parsed.data };
      reason = parsed.success ? 'it names another run' : describeProblems(problemsOf(parsed.error));
    } catch (err) {
      reason = `not valid JSON: ${(err as Error).message}`;
    }
    const kept = await keepCorruptBackup(file, this.now());
    const message = kept.backup
      ? `The record of run ${jobId} was damaged; a backup was kept at ${kept.backup}.`
      : `The record of run ${jobId} was damaged and could not be set aside (${kept.error}).`;
    return { notice: { level: 'warning', message: `${message} (${reason})` } };
  }

  /** Deletes one run folder. A link in its place is unlinked, never followed; rm does not follow links inside. */
  async remove(jobId: string): Promise<void> {
    const dir = this.runDir(jobId);
    await this.assertRunsDirIsReal();
    let stat;
    try {
      stat = await fsp.lstat(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    if (stat.isDirectory()) await fsp.rm(dir, { recursive: true, force: true });
    else await fsp.unlink(dir);
  }

  /**
   * Removes finished runs the policy no longer keeps; returns their ids. `isActive`: runs kept whatever the policy says
   * (none by default: the queue passes only the records that may go).
   */
  async applyRetention(records: JobRecord[], policy: RetentionPolicy, isActive: (id: string) => boolean = () => false): Promise<string[]> {
    const removed: string[] = [];
    for (const id of selectExpired(records, policy, this.now(), isActive)) {
      if (!isValidJobId(id)) continue;
      await this.remove(id);
      removed.push(id);
    }
    return removed;
  }

  /** runs/ itself must be a folder, not a link that would carry deletions elsewhere. */
  private async assertRunsDirIsReal(): Promise<void> {
    try {
      const st = await fsp.lstat(this.runsDir);
      if (!st.isDirectory()) throw new AppError('internal', `${this.runsDir} is not a folder; Hapyy will not use it for runs.`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
