import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/**
 * The first executable called `name` on PATH, or null. Hand-written (a dozen lines) rather than adding a
 * dependency: the runner only looks for system helpers (bwrap, prlimit) on POSIX systems.
 */
export async function findExecutable(name: string, pathVar: string | undefined): Promise<string | null> {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
