import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { isMissing } from '../store/fs-errors';
import { RUN_LAYOUT } from '../store/layout';

/** The parts of a run folder that are results; tmp/ and home/ are the tool's scratch and never shown. */
export const OUTPUT_DIR = RUN_LAYOUT.output;
export const INPUT_DIR = RUN_LAYOUT.input;
export const LOG_FILE = RUN_LAYOUT.log;
export const RECORD_FILE = RUN_LAYOUT.record;

/** lstat of a top-level entry of the run folder, or null when it is absent. */
export async function lstatTop(root: string, name: string): Promise<Stats | null> {
  try {
    return await lstat(path.join(root, name));
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}
