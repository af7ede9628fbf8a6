import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_VERSION_FALLBACK } from '../ipc/version';

/** The version in the checkout's package.json (the one `npm install` set up), else the built-in fallback. */
export function cliVersion(appRoot: string): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') return parsed.version;
  } catch {
    // unreadable: fall back
  }
  return APP_VERSION_FALLBACK;
}
