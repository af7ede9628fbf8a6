import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** The first executable called `name` on PATH, or null. */
export async function which(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
