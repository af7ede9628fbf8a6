import path from 'node:path';

const isWindowsAbsolute = (p: string) => /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

/** A file named by an engine → the path findings carry (relative to the project's root, forward slashes). */
export type Locate = (file: string) => string;

/**
 * A file named by an engine, relative to the project's root with forward slashes. Engines print paths relative to
 * their working folder (`cwd`, the input folder unless the engine runs in a subfolder) or absolute; a file outside
 * the project keeps its absolute path.
 */
export function relativeToInput(file: string, inputDir: string, cwd: string = inputDir): string {
  if (!file) return '';
  const p = isWindowsAbsolute(inputDir) || isWindowsAbsolute(file) ? path.win32 : path.posix;
  const norm = (s: string) => s.replaceAll('\\', p.sep).replaceAll('/', p.sep);
  const root = norm(inputDir);
  const abs = p.resolve(norm(cwd), norm(file));
  const rel = p.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || p.isAbsolute(rel)) return abs.replaceAll('\\', '/');
  return rel.replaceAll('\\', '/');
}

export const locator =
  (inputDir: string, cwd: string = inputDir): Locate =>
  (file) =>
    relativeToInput(file, inputDir, cwd);
