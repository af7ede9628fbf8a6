import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
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
 * entry directly in it (files 0600, folders 0700) and each run and staging folder. What lies inside a run folder is
 * not walked (a run can hold 20,000 files): a 0700 folder already keeps other users out of everything below it.
 * Links are left alone (chmod would follow them out of the data folder).
 */
export async function tightenDataDir(dataDir: string): Promise<void> {
  await mkdirPrivate(dataDir);
  if (!posix) return;
  await chmod(dataDir, PRIVATE_DIR_MODE);
  for (const name of await readdir(dataDir)) {
    const entry = join(dataDir, name);
    const s = await lstat(entry).catch(() => null);
    if (!s || s.isSymbolicLink()) continue;
    await chmod(entry, s.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE).catch(() => undefined);
    if (s.isDirectory() && (name === DATA_LAYOUT.runs || name === DATA_LAYOUT.staging)) {
      for (const child of await readdir(entry).catch(() => [] as string[])) {
        const c = join(entry, child);
        const cs = await lstat(c).catch(() => null);
        if (cs?.isDirectory()) await chmod(c, PRIVATE_DIR_MODE).catch(() => undefined);
      }
    }
  }
}
