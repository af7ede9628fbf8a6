import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { findExecutable } from '../find-executable';

/**
 * What of the host a program needs to run, besides the system folders: its own install folder, found from the
 * file it really is (symlinks resolved, e.g. pipx's ~/.local/bin/ruff → ~/.local/pipx/venvs/ruff/bin/ruff), and
 * the same for the interpreter its `#!` line names. Never a whole home, `bin` folder or an ancestor of the run.
 */
export interface ExposedFile {
  /** The path as the command line names it (may be a symlink). */
  given: string;
  /** The file it really is. */
  real: string;
  /** The folder (or the file itself) to expose read-only; null when a system folder already shows it. */
  root: string | null;
}

export interface EngineFolderContext {
  /** Folders that are always visible (system folders): nothing under them needs exposing. */
  visible: readonly string[];
  /** Folders that must never be exposed whole, nor any ancestor of them (homes, the data folder, /tmp, …). */
  protectedDirs: readonly string[];
  /** The tool's PATH, for `#!/usr/bin/env <name>`. */
  pathVar: string | undefined;
}

export const isInside = (p: string, dir: string): boolean => p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

const fileExists = (p: string): Promise<boolean> => stat(p).then((s) => s.isFile(), () => false);

/** A node package's folder: the folder right under node_modules (or node_modules/@scope) that holds the file. */
function nodePackage(real: string): string | null {
  const parts = real.split('/');
  for (let i = parts.length - 2; i > 0; i -= 1) {
    if (parts[i - 1] === 'node_modules') return parts.slice(0, i + 1).join('/');
    if (parts[i - 2] === 'node_modules' && parts[i - 1]?.startsWith('@')) return parts.slice(0, i + 1).join('/');
  }
  return null;
}

/** A package's own `bin/` script (`<package>/bin/tsc` next to `<package>/package.json`): the package folder. */
async function packageOfBin(real: string): Promise<string | null> {
  const bin = path.dirname(real);
  if (path.basename(bin) !== 'bin') return null;
  const pkg = path.dirname(bin);
  return (await fileExists(path.join(pkg, 'package.json'))) ? pkg : null;
}

/** A Python virtual environment (pipx, uv tool, a venv): the ancestor within three levels that has pyvenv.cfg. */
async function venvRoot(real: string): Promise<string | null> {
  let dir = path.dirname(real);
  for (let i = 0; i < 3 && dir !== '/'; i += 1, dir = path.dirname(dir)) {
    if (await fileExists(path.join(dir, 'pyvenv.cfg'))) return dir;
  }
  return null;
}

/** A Homebrew keg: …/Cellar/<formula>/<version>. */
function brewKeg(real: string): string | null {
  const parts = real.split('/');
  const at = parts.lastIndexOf('Cellar');
  return at > 0 && parts.length > at + 3 ? parts.slice(0, at + 3).join('/') : null;
}

/** Too much to expose: a protected folder, an ancestor of one, or a folder of many unrelated programs. */
function tooBroad(dir: string, ctx: EngineFolderContext): boolean {
  if (dir === '/' || ['bin', '.bin', 'sbin'].includes(path.basename(dir))) return true;
  return ctx.protectedDirs.some((p) => isInside(p, dir));
}

/** The install folder of one file, or null when it is already visible (a system folder). */
export async function installRoot(real: string, ctx: EngineFolderContext): Promise<string | null> {
  if (ctx.visible.some((v) => isInside(real, v))) return null;
  // The packaged app's tsc is resources/typescript/bin/tsc: a package outside any node_modules.
  for (const candidate of [nodePackage(real), await packageOfBin(real), await venvRoot(real), brewKeg(real), path.dirname(real)]) {
    if (candidate && !tooBroad(candidate, ctx)) return candidate;
  }
  return real;
}

/** The interpreter a `#!` line names: the path, or the program `env` is asked to find. */
export async function shebangInterpreter(file: string, pathVar: string | undefined): Promise<string | null> {
  let head: string;
  try {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(256);
      const { bytesRead } = await fh.read(buf, 0, 256, 0);
      head = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
  if (!head.startsWith('#!')) return null;
  const words = (head.slice(2).split('\n')[0] ?? '').trim().split(/\s+/);
  const [interp, ...rest] = words;
  if (!interp || !path.isAbsolute(interp)) return null;
  if (path.basename(interp) !== 'env') return interp;
  const name = rest.find((w) => !w.startsWith('-') && !w.includes('='));
  return name ? findExecutable(name, pathVar) : null;
}

/**
 * The files a command line runs (the program, its interpreter, and absolute file arguments such as the bundled
 * tsc script) with the folders to expose for them. Paths inside `skip` (the run's own folders) are left out.
 */
export async function exposedFiles(command: string, args: readonly string[], skip: readonly string[], ctx: EngineFolderContext): Promise<ExposedFile[]> {
  const out = new Map<string, ExposedFile>();
  const add = async (given: string, depth: number): Promise<void> => {
    if (!path.isAbsolute(given) || out.has(given) || skip.some((d) => isInside(given, d))) return;
    let real: string;
    try {
      real = await realpath(given);
      if (!(await fileExists(real))) return;
    } catch {
      return;
    }
    const root = await installRoot(real, ctx);
    const linkNeeded = real !== given && !ctx.visible.some((v) => isInside(given, v));
    if (root !== null || linkNeeded) out.set(given, { given, real, root });
    if (depth < 2) {
      const interp = await shebangInterpreter(real, ctx.pathVar);
      if (interp) await add(interp, depth + 1);
    }
  };
  await add(command, 0);
  for (const a of args) await add(a, 1);
  return [...out.values()];
}
