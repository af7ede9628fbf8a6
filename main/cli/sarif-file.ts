import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { JobRecord } from '../../shared/jobs';
import type { Finding } from './format/findings';
import { toSarif, type SarifBaseline } from './format/sarif';

export interface SarifJob {
  record: JobRecord;
  findings: readonly Finding[];
  /** The path the user gave (absolute) and the project's kind; absent when intake never opened it. */
  project: { path: string; kind: string } | undefined;
  baseline?: SarifBaseline | undefined;
}

/**
 * Writes the SARIF file (via a temporary file and a rename, so a reader never sees half of it).
 * Returns null, or why it could not be written.
 */
export async function writeSarif(file: string, jobs: readonly SarifJob[], version: string): Promise<string | null> {
  const doc = toSarif(
    jobs.map((j) => ({
      record: j.record,
      findings: j.findings,
      ...(j.project && ['folder', 'example'].includes(j.project.kind) ? { rootDir: j.project.path } : {}),
      ...(j.baseline ? { baseline: j.baseline } : {}),
    })),
    version,
  );
  const tmp = join(dirname(file), `.${process.pid}.sarif.partial`);
  try {
    await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`);
    await rename(tmp, file);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
