import { chmod, lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATA_LAYOUT } from './layout';

/**
 * The data folder holds other people's code (run inputs), tool output and settings: only this user may read it.
 * Folders 0700, files 0600. POSIX only; Windows gives a user's profile folder its own ACL.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** mkdir -p with a private mode (the mode applies to the folders it creates). */
export async function mkdirPrivate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * At start-up: makes the data folder private and tightens what an older version left open: the folder itself, each
 * entry directly in it (files 0600, folders 0700) and, once, each run and staging folder. Since this version creates
 * every run folder private, a marker file ends that per-run pass after its first success (it cost an lstat per run
 * on every start, the CLI's included). What lies inside a run folder is not walked (a run can hold 20,000 files): a
 * 0700 folder already keeps other users out of everything below it. Links are left alone (chmod would follow them
 * out of the data folder), and a mode already right is not written again.
 */
export async function tightenDataDir(dataDir: string): Promise<void> {
  await mkdirPrivate(dataDir);
  if (!posix) return;
  await chmod(dataDir, PRIVATE_DIR_MODE);
  const names = await readdir(dataDir);
  const runFoldersDone = names.includes(DATA_LAYOUT.tightened);
  for (const name of names) {
    const entry = join(dataDir, name);
    const s = await lstat(entry).catch(() => null);
    if (!s || s.isSymbolicLink()) continue;
    await tighten(entry, s.mode, s.isDirectory());
    if (!runFoldersDone && s.isDirectory() && (name === DATA_LAYOUT.runs || name === DATA_LAYOUT.staging)) {
      for (const child of await readdir(entry).catch(() => [] as string[])) {
        const c = join(entry, child);
        const cs = await lstat(c).catch(() => null);
        if (cs?.isDirectory()) await tighten(c, cs.mode, true);
      }
    }
  }
  if (!runFoldersDone) await writeFile(join(dataDir, DATA_LAYOUT.tightened), '', { mode: PRIVATE_FILE_MODE });
}

async function tighten(path: string, mode: number, isDir: boolean): Promise<void> {
  const want = isDir ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
  if ((mode & 0o777) !== want) await chmod(path, want).catch(() => undefined);
}
