import { promises as fsp } from 'node:fs';

/** A timestamp safe in file names on every OS: 2025-01-31T12-00-00-000Z. */
export function fileTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

/**
 * Moves (or copies, when the caller will replace it atomically) a damaged file aside as `<path>.corrupt-<time>` so its content is kept for the user.
 * Returns the backup path, or null with the reason when it could not be moved.
 */
export async function keepCorruptBackup(
  path: string,
  now: number,
  how: 'move' | 'copy' = 'move',
): Promise<{ backup: string | null; error: string | null }> {
  const backup = `${path}.corrupt-${fileTimestamp(now)}`;
  try {
    if (how === 'move') await fsp.rename(path, backup);
    else await fsp.copyFile(path, backup, fsp.constants.COPYFILE_EXCL);
    return { backup, error: null };
  } catch (err) {
    return { backup: null, error: err instanceof Error ? err.message : String(err) };
  }
}
