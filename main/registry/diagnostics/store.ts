import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Diagnostic } from '../../../shared/diagnostics';
import { DiagnosticSchema } from '../../../shared/wire/diagnostics';
import { AppError } from '../../../shared/errors';
import { RUN_LAYOUT } from '../../store/layout';

/** The parsed findings of a run, beside its record: `<runDir>/diagnostics.json`, a JSON array of Diagnostic. */
export const DIAGNOSTICS_FILE = RUN_LAYOUT.diagnostics;

export async function writeDiagnostics(runDir: string, list: readonly Diagnostic[]): Promise<void> {
  await writeFile(path.join(runDir, DIAGNOSTICS_FILE), JSON.stringify(list));
}

/**
 * A run's findings. No file means the run has none to show (a plain-text engine, or it never ran) → [].
 * A file that cannot be read or is not a list of findings is an error, never "no problems".
 */
export async function readDiagnostics(runDir: string): Promise<Diagnostic[]> {
  let text: string;
  try {
    text = await readFile(path.join(runDir, DIAGNOSTICS_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AppError('internal', `The problems found in this run could not be read (${DIAGNOSTICS_FILE}: ${(e as Error).message}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError('internal', `The problems found in this run could not be read: ${DIAGNOSTICS_FILE} is damaged.`);
  }
  const parsed = z.array(DiagnosticSchema).safeParse(data);
  if (!parsed.success) throw new AppError('internal', `The problems found in this run could not be read: ${DIAGNOSTICS_FILE} is not a list of findings.`);
  return parsed.data;
}
