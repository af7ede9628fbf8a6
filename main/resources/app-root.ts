import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';

export const APP_PACKAGE_NAME = 'hapyy-desktop';

function packageNameAt(dir: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string') {
      return parsed.name;
    }
  } catch {
    // No (readable, valid) package.json here: keep walking up.
  }
  return undefined;
}

/** The nearest folder at or above `startDir` whose package.json is named `name` (the checkout's root). */
export function findAppRoot(startDir: string, name: string = APP_PACKAGE_NAME): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (packageNameAt(dir) === name) return dir;
    if (dirname(dir) === dir) {
      throw new AppError('internal', `No package.json named "${name}" at or above ${startDir}.`, { startDir });
    }
  }
}
