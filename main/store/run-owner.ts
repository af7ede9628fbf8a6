import { readFile, writeFile } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from './private-modes';
import { join } from 'node:path';
import { RUN_LAYOUT } from './layout';

/**
 * Which process owns a folder (a run folder, a staging folder). Several engines may share one data folder (the app
 * and `hapyy` CLI invocations); at start-up an engine must clean up only after processes that are gone, never
 * after a live neighbour (whose jobs it would otherwise mark 'interrupted', whose tools it would kill, whose
 * extracted zips it would delete).
 */
export const OWNER_FILE = RUN_LAYOUT.owner;

export interface RunOwner {
  pid: number;
  /** Linux: the process's start time in clock ticks since boot, so a reused pid is not mistaken for the owner. */
  start: number | null;
}

/** /proc/<pid>/stat's starttime (field 22); null where there is no /proc or the process is gone (or a zombie). */
async function procStart(pid: number | 'self'): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces; count from after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return fields[0] !== 'Z' && Number.isInteger(start) ? start : null;
  } catch {
    return null;
  }
}

let self: Promise<RunOwner> | null = null;
export function currentOwner(): Promise<RunOwner> {
  self ??= procStart('self').then((start) => ({ pid: process.pid, start }));
  return self;
}

export async function writeOwner(runDir: string): Promise<void> {
  await writeFile(join(runDir, OWNER_FILE), JSON.stringify(await currentOwner()), { mode: PRIVATE_FILE_MODE });
}

/** True when the process that created this folder is still running (and is not this process). */
export async function ownedByLiveProcess(runDir: string): Promise<boolean> {
  let owner: Partial<RunOwner>;
  try {
    owner = JSON.parse(await readFile(join(runDir, OWNER_FILE), 'utf8')) as Partial<RunOwner>;
  } catch {
    return false;
  }
  const { pid, start } = owner;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Without a recorded start time (not Linux) a live pid is taken as the owner: at worst a dead owner's job stays
  // un-interrupted until that pid is gone, which is better than killing a live neighbour's tools.
  return typeof start !== 'number' || (await procStart(pid)) === start;
}
