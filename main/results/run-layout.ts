import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { isMissing } from './fs-errors';

/** The parts of a run folder that are results; tmp/ and home/ are the tool's scratch and never shown. */
export const OUTPUT_DIR = 'output';
export const INPUT_DIR = 'input';
export const LOG_FILE = 'run.log';
export const RECORD_FILE = 'run.json';

/** lstat of a top-level entry of the run folder, or null when it is absent. */
export async function lstatTop(root: string, name: string): Promise<Stats | null> {
  try {
    return await lstat(path.join(root, name));
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}
