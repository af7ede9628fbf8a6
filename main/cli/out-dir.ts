import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { JobRecord } from '../../shared/jobs';
import { locateInRun } from '../results';
import { openInRun } from '../results/safe-open';
import { RUN_LAYOUT } from '../store';

/** A folder name from a project name: no separators, no dot-only names, nothing a shell or Windows would trip on. */
export function safeFolderName(name: string): string {
  const cleaned = name.replace(/[^\w.-]+/g, '_').slice(0, 80);
  return /^\.*$/.test(cleaned) ? 'project' : cleaned;
}

/**
 * Claims `<outDir>/<name>/`, or `<name>-2/`, `<name>-3/`… when that exists (a repeated project name, or results
 * of an earlier invocation, which are never overwritten or mixed with new ones). mkdir is the claim, so two
 * invocations writing to one folder cannot pick the same name.
 */
export async function claimFolder(outDir: string, name: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const base = safeFolderName(name);
  for (let i = 1; ; i += 1) {
    const dest = join(outDir, i === 1 ? base : `${base}-${i}`);
    try {
      await mkdir(dest);
      return dest;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * `--out`: copies a run's produced files (output/…, and input/… the tool created or changed), run.json and run.log
 * into `dest`, keeping their paths relative to the run folder. Files are read the way results are shown: never
 * through a link (a tool may plant links to anywhere), only regular files inside the run folder.
 * Returns the paths that could not be copied, with the reason.
 */
export async function copyRunResults(runDir: string, record: JobRecord, dest: string): Promise<string[]> {
  const failures: string[] = [];
  for (const rel of [RUN_LAYOUT.record, RUN_LAYOUT.log, ...record.filesProduced.map((f) => f.path)]) {
    try {
      const located = await locateInRun(runDir, rel);
      if (!located.stat.isFile()) continue;
      const { handle } = await openInRun(located.abs, located.root, located.stat);
      const target = join(dest, ...located.rel.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await pipeline(handle.createReadStream(), createWriteStream(target, { flags: 'wx' }));
    } catch (err) {
      // run.log is absent when the job never started (cancelled while waiting): nothing to say about that.
      if (rel === RUN_LAYOUT.log && (err as { code?: string }).code === 'not-found') continue;
      failures.push(`${rel}: ${(err as Error).message}`);
    }
  }
  return failures;
}
