import { posix } from 'node:path';
import type { PackagedFile } from './file-sets';

/** What may and must be in the package: the rules the packaged-contents tests apply to a listing. */

const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'e2e']);

/** Why a file in app.asar should not be there, or null when it belongs (built output or package.json). */
export function whyNotPackaged(dest: string): string | null {
  if (/\.(ts|tsx|mts|cts)$/.test(dest)) return 'TypeScript source';
  if (/\.map$/.test(dest)) return 'source map';
  if (dest.split('/').some((seg) => TEST_DIRS.has(seg)) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(dest)) return 'test';
  if (dest !== 'package.json' && !dest.startsWith('dist/')) return 'not built output';
  return null;
}

export function forbiddenAppFiles(files: readonly PackagedFile[]): string[] {
  return files.flatMap((f) => {
    const why = whyNotPackaged(f.dest);
    return why === null ? [] : [`${f.dest} (${why})`];
  });
}

/** Destinations in `expected` that the listing lacks. */
export function missingFrom(files: readonly PackagedFile[], expected: readonly string[]): string[] {
  const have = new Set(files.map((f) => f.dest));
  return expected.filter((d) => !have.has(d));
}

/** `<tool-id>/<example-id>` of every example (a folder holding example.json) in a listing under `prefix`. */
export function examplesIn(dests: readonly string[], prefix = ''): string[] {
  return dests
    .filter((d) => d.startsWith(prefix) && posix.basename(d) === 'example.json')
    .map((d) => posix.dirname(d.slice(prefix.length)))
    .filter((d) => d.split('/').length === 2)
    .sort();
}
