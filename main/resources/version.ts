import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version in package.json: the one source of the version for the CLI and for hosts without Electron's app.getVersion(). */
export function packageVersion(appRoot: string): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') return parsed.version;
  } catch {
    // unreadable: say so rather than invent a number
  }
  return 'unknown';
}
