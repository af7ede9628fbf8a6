import path from 'node:path';

const isWindowsAbsolute = (p: string) => /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

/**
 * A file named by an engine, relative to the project's root with forward slashes. Engines print paths relative to
 * their cwd (the input folder) or absolute; a file outside the project keeps its absolute path.
 */
export function relativeToInput(file: string, inputDir: string): string {
  if (!file) return '';
  const p = isWindowsAbsolute(inputDir) || isWindowsAbsolute(file) ? path.win32 : path.posix;
  const root = inputDir.replaceAll('\\', p.sep).replaceAll('/', p.sep);
  const abs = p.resolve(root, file.replaceAll('\\', p.sep).replaceAll('/', p.sep));
  const rel = p.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || p.isAbsolute(rel)) return abs.replaceAll('\\', '/');
  return rel.replaceAll('\\', '/');
}
