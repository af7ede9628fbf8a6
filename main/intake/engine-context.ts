import { copyFile, lstat, readFile, realpath, stat, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * What a project means to its engines beyond its own files: the engines' config files in the folders above it, and
 * the node_modules TypeScript would resolve against. Run in place, ShellCheck and Ruff look for their config from
 * each file's folder upwards and tsc follows `extends` and resolves packages upwards; a private copy under
 * runs/<id>/input has none of those parents. So intake finds them when the project is opened, and each run gets:
 *  - each config file copied into the run folder (the parent of input/), where the engine's own upward search finds
 *    it. Only that one level exists above the copy, so a config that names other files relative to itself (ruff's
 *    `extend`, tsconfig `extends` more than one level up) is followed only where it lands there too; the others are
 *    reported in the project's warnings;
 *  - a link runs/<id>/node_modules → the project's nearest node_modules (read-only: the sandbox is told to show it),
 *    so packages and @types resolve as in place without copying them.
 *
 * Where the search stops: at the repository root (the first folder upwards holding `.git`), else just below the
 * file system root — the same folders git and the engines would consider the project's surroundings, and never `/`.
 */
export interface EngineContext {
  /** Config files from above the project, by the name they get in the run folder → absolute source path. */
  configs: { name: string; from: string }[];
  /** Real path of the nearest node_modules at or above the project's root, or null. */
  nodeModules: string | null;
  /** Things found that a run cannot reproduce, in plain words (e.g. a tsconfig extends two levels up). */
  notes: string[];
}

export const NO_ENGINE_CONTEXT: EngineContext = { configs: [], nodeModules: null, notes: [] };

/** ShellCheck 0.9: `.shellcheckrc` or `shellcheckrc` in the file's folder or any parent. */
const SHELLCHECK_RC = ['.shellcheckrc', 'shellcheckrc'];
/** Ruff: in each folder `.ruff.toml`, then `ruff.toml`, then a `pyproject.toml` that has a [tool.ruff] table. */
const RUFF_CONFIGS = ['.ruff.toml', 'ruff.toml', 'pyproject.toml'];
const TSCONFIG = 'tsconfig.json';
const NODE_MODULES_LINK = 'node_modules';
/** Names the run folder uses itself (see store/run layout): a config with such a name is not copied. */
const RUN_FOLDER_NAMES = new Set(['input', 'output', 'tmp', 'home', 'run.json', 'run.log', 'manifest.json', 'diagnostics.json', 'owner.json']);
const MAX_CONFIG_BYTES = 1024 * 1024;

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function smallText(p: string): Promise<string | null> {
  try {
    if ((await stat(p)).size > MAX_CONFIG_BYTES) return null;
    return await readFile(p, 'utf8');
  } catch {
    return null;
  }
}

/** The project's root, then each parent up to the repository root (or the file system root's child). */
export async function searchFolders(root: string): Promise<string[]> {
  const folders = [root];
  let dir = root;
  while (!(await lstat(path.join(dir, '.git')).then(() => true, () => false))) {
    const parent = path.dirname(dir);
    if (parent === dir || path.dirname(parent) === parent) break; // never look at `/` itself
    folders.push(parent);
    dir = parent;
  }
  return folders;
}

async function isRuffConfig(file: string, name: string): Promise<boolean> {
  if (!(await isFile(file))) return false;
  if (name !== 'pyproject.toml') return true;
  return /^\s*\[tool\.ruff[\].]/m.test((await smallText(file)) ?? '');
}

/** The nearest folder's first matching name; null when the project's root has one itself (it is in the copy). */
async function nearest(folders: readonly string[], names: readonly string[], accept: (file: string, name: string) => Promise<boolean>): Promise<{ name: string; from: string } | null> {
  for (const [i, dir] of folders.entries()) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (await accept(file, name)) return i === 0 ? null : { name, from: file };
    }
  }
  return null;
}

/** Relative `extends` of a tsconfig (string or array, TypeScript 5); package names are left to node_modules. */
function relativeExtends(text: string): string[] {
  let json: unknown;
  try {
    // tsconfig allows comments and trailing commas; strip the common forms before parsing.
    json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return [];
  }
  const ext = (json as { extends?: unknown }).extends;
  const list = Array.isArray(ext) ? ext : [ext];
  return list.filter((e): e is string => typeof e === 'string' && (e.startsWith('./') || e.startsWith('../')));
}

/** Follows the root tsconfig's relative `extends` that leave the project: those landing one level up are copied. */
async function tsconfigBases(root: string, notes: string[]): Promise<{ name: string; from: string }[]> {
  const found: { name: string; from: string }[] = [];
  const parent = path.dirname(root);
  const queue = [path.join(root, TSCONFIG)];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < 16) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await smallText(file);
    if (text === null) continue;
    for (const e of relativeExtends(text)) {
      let target = path.resolve(path.dirname(file), e);
      if (!target.endsWith('.json') && !(await isFile(target))) target += '.json';
      const rel = path.relative(root, target);
      if (!rel.startsWith('..')) continue; // inside the project: already in the copy
      if (path.dirname(target) === parent && (await isFile(target))) {
        found.push({ name: path.basename(target), from: target });
        queue.push(target);
      } else {
        notes.push(`${path.relative(root, file) || TSCONFIG} extends ${e}, which is outside what a run can reproduce; TypeScript will report it missing.`);
      }
    }
  }
  return found;
}

/** Dependencies the nearest package.json declares (all kinds), 0 when there is none. */
async function declaredDependencies(folders: readonly string[]): Promise<number> {
  for (const dir of folders) {
    const text = await smallText(path.join(dir, 'package.json'));
    if (text === null) continue;
    try {
      const pkg = JSON.parse(text) as Record<string, unknown>;
      return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']
        .map((k) => pkg[k])
        .reduce<number>((n, deps) => n + (deps !== null && typeof deps === 'object' ? Object.keys(deps).length : 0), 0);
    } catch {
      return 0;
    }
  }
  return 0;
}

async function nearestNodeModules(folders: readonly string[]): Promise<string | null> {
  for (const dir of folders) {
    const nm = path.join(dir, 'node_modules');
    if (await isDir(nm)) return realpath(nm);
  }
  return null;
}

/** Looks around a project folder (a real path) the way its engines would. */
export async function discoverEngineContext(root: string): Promise<EngineContext> {
  const folders = await searchFolders(root);
  const notes: string[] = [];
  const configs: { name: string; from: string }[] = [];
  const shellcheck = await nearest(folders, SHELLCHECK_RC, isFile);
  if (shellcheck) configs.push(shellcheck);
  const ruff = await nearest(folders, RUFF_CONFIGS, isRuffConfig);
  if (ruff) configs.push(ruff);
  configs.push(...(await tsconfigBases(root, notes)));
  const kept: { name: string; from: string }[] = [];
  for (const [i, c] of configs.entries()) {
    if (RUN_FOLDER_NAMES.has(c.name) || configs.findIndex((o) => o.name === c.name) !== i) {
      notes.push(`${c.from} cannot be given to the engine (its name is taken in the run folder).`);
    } else if ((await stat(c.from)).size > MAX_CONFIG_BYTES) {
      notes.push(`${c.from} is too large for a config file (over 1 MiB) and was not given to the engine.`);
    } else {
      kept.push(c);
    }
  }
  const nodeModules = await nearestNodeModules(folders);
  if (nodeModules === null) {
    const declared = await declaredDependencies(folders);
    if (declared > 0) {
      notes.push(
        `package.json lists ${declared} ${declared === 1 ? 'dependency' : 'dependencies'} but no node_modules folder is installed: ` +
          'TypeScript reports their modules as missing, as tsc would in place. Run your package manager\'s install first.',
      );
    }
  }
  return { configs: kept, nodeModules, notes };
}

/** Puts a project's engine context beside a run's input/ (runDir = the parent of input). */
export async function placeEngineContext(ctx: EngineContext, runDir: string): Promise<void> {
  for (const c of ctx.configs) await copyFile(c.from, path.join(runDir, c.name));
  const link = path.join(runDir, NODE_MODULES_LINK);
  // A folder synced again (a watch's mirror) already holds the link from the last sync: replace it (the link only,
  // never what it points to).
  const existing = await lstat(link).catch(() => null);
  if (existing?.isSymbolicLink()) await unlink(link);
  if (ctx.nodeModules !== null) await symlink(ctx.nodeModules, link, 'dir');
}

/**
 * What a sandbox must show read-only for the engine to see its context: the run folder itself (the copied configs
 * and the link live there; the sandbox binds only its writable parts otherwise, e.g. under a private /tmp) and the
 * real node_modules the link points to. The link is the record: nothing else needs to be kept between copy and run.
 */
export async function engineContextMounts(runDir: string): Promise<string[]> {
  const mounts = [runDir];
  const link = path.join(runDir, NODE_MODULES_LINK);
  try {
    if ((await lstat(link)).isSymbolicLink()) mounts.push(await realpath(link));
  } catch {
    // no node_modules for this run
  }
  return mounts;
}
