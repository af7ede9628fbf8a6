import { lstat } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { isMissing } from '../store/fs-errors';
import { sortManifestEntries } from './manifest';
import type { Manifest, ManifestEntry } from './types';
import { walk } from './walk';

/**
 * Lists every regular file and symbolic link below `dir` (a run folder's input/ after a run), without limits and
 * without following links: a link is listed as itself (lstat size and mode, so S_IFLNK shows in `mode`).
 * FIFOs, sockets and devices a tool may have made are left out, so nothing downstream opens them.
 */
export async function scanDir(dir: string): Promise<Manifest> {
  try {
    const st = await lstat(dir);
    if (!st.isDirectory()) throw new AppError('not-found', `'${dir}' is not a folder.`, { path: dir });
  } catch (err) {
    if (isMissing(err)) throw new AppError('not-found', `'${dir}' does not exist.`, { path: dir });
    throw err;
  }
  const files: ManifestEntry[] = [];
  let bytes = 0;
  await walk(dir, {
    visit: (e) => {
      if (e.stat.isDirectory()) return true;
      if (e.stat.isFile() || e.stat.isSymbolicLink()) {
        files.push({
          path: e.rel.text,
          ...(e.rel.raw ? { rawPath: e.rel.raw.toString('base64') } : {}),
          size: e.stat.size,
          mode: e.stat.mode,
          mtimeMs: e.stat.mtimeMs,
        });
        bytes += e.stat.size;
      }
      return false;
    },
    unreadable: () => {}, // a tool may leave a folder it cannot read; its contents are simply not listed
  });
  return { files: sortManifestEntries(files), bytes };
}
