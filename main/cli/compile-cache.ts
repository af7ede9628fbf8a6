import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

/**
 * A V8 code cache for the `hapyy` bundle's chunks, so a start does not compile them again (about a third of a
 * one-file `hapyy run` on Node 20, which has no compile cache of its own).
 *
 * Node ≥ 22.1 has one built in (`module.enableCompileCache`), used as is. On Node 20 the bundle's chunks (CommonJS)
 * are compiled here through `vm.Script` with the cached data of an earlier start, and the cache of a chunk that had
 * none (or a rejected one) is written when the process exits, so the functions compiled during the run are in it.
 * Hand-written rather than `v8-compile-cache` (unmaintained since 2022): that one trusts V8 to reject stale data,
 * but V8 checks only the source's length and no checksum, so a same-length rebuild would run stale code and a
 * damaged file can crash the process. Here every entry carries the SHA-256 of its source and a CRC-32 of its data.
 *
 * Anything wrong with the cache (missing, damaged, from another build or Node, folder unwritable) only means a
 * normal compile; it never changes what runs and never prints.
 */

/** A folder for the cache, `0`/`off` for none; default: the user's cache folder (compileCacheDir). */
export const COMPILE_CACHE_ENV = 'HAPYY_COMPILE_CACHE';

export type CompileCacheMode = 'node' | 'hook' | 'off';

/** What the hook did in this process (tests read it). */
export interface CompileCacheStats {
  /** Chunks compiled from cached data V8 accepted. */
  hits: number;
  /** Chunks compiled without: no entry, a damaged one, one for another source, or one V8 rejected. */
  misses: number;
  /** Entries written at exit. */
  written: number;
}

const MAGIC = Buffer.from('HPYV8C01');
const SOURCE_HASH_BYTES = 32;
const HEADER_BYTES = MAGIC.length + SOURCE_HASH_BYTES + 4;

const stats: CompileCacheStats = { hits: 0, misses: 0, written: 0 };
export const compileCacheStats = (): Readonly<CompileCacheStats> => ({ ...stats });

/** Where the cache lives: $HAPYY_COMPILE_CACHE, else the platform's per-user cache folder; null when turned off. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const chosen = env[COMPILE_CACHE_ENV];
  if (chosen === '0' || chosen === 'off') return null;
  if (chosen) return chosen;
  const home = homedir();
  const xdg = env.XDG_CACHE_HOME;
  const base =
    platform === 'win32' ? (env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'))
    : platform === 'darwin' ? join(home, 'Library', 'Caches')
    : xdg?.startsWith('/') ? xdg : join(home, '.cache');
  return join(base, 'hapyy', 'compile-cache');
}

/**
 * Turns the cache on for the bundle in `bundleDir`: Node's own where it has one, else the hook below. Not with
 * `--enable-source-maps`: Node maps stack traces only for modules it compiled itself.
 */
export function enableCompileCache(bundleDir: string, env: NodeJS.ProcessEnv = process.env): CompileCacheMode {
  const dir = compileCacheDir(env);
  if (dir === null) return 'off';
  const builtIn = (Module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof builtIn === 'function') {
    try {
      builtIn(dir);
      return 'node';
    } catch {
      return 'off';
    }
  }
  if (process.sourceMapsEnabled) return 'off';
  installCompileCacheHook(bundleDir, dir);
  return 'hook';
}

interface CjsModule {
  exports: unknown;
}
type CompileFn = (this: CjsModule, content: string, filename: string) => unknown;
type Wrapper = (exports: unknown, require: NodeJS.Require, module: CjsModule, filename: string, dirname: string) => unknown;
interface Pending {
  script: Script;
  file: string;
  sourceHash: Buffer;
}

/**
 * Compiles every CommonJS module under `bundleDir` through the cache in `cacheRoot` (other modules as Node does).
 * Entries go in a folder per bundle location and Node version, one file per chunk; writing one also removes the
 * entries of chunks no longer in the bundle, so rebuilds do not pile up.
 */
export function installCompileCacheHook(bundleDir: string, cacheRoot: string): void {
  const proto = Module.prototype as unknown as { _compile: CompileFn };
  const original = proto._compile;
  const prefix = bundleDir.endsWith(sep) ? bundleDir : bundleDir + sep;
  const cacheDir = join(cacheRoot, createHash('sha256').update(`${bundleDir}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 16));
  const pending: Pending[] = [];

  proto._compile = function compileCached(this: CjsModule, content: string, filename: string): unknown {
    // A chunk with `import()` is left to Node: in a vm.Script it needs an experimental option that prints a warning.
    if (!filename.startsWith(prefix) || content.includes('import(')) return original.call(this, content, filename);
    const file = join(cacheDir, entryName(relative(bundleDir, filename)));
    const sourceHash = createHash('sha256').update(content).digest();
    const cachedData = readEntry(file, sourceHash);
    const script = new Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (cachedData && !script.cachedDataRejected) stats.hits++;
    else {
      stats.misses++;
      if (pending.length === 0) process.once('exit', () => writeEntries(cacheDir, bundleDir, pending));
      pending.push({ script, file, sourceHash });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as Wrapper;
    // A whole require (resolve, cache, main) for this file, resolving and caching as Node's own would.
    return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, dirname(filename));
  };
}

/** An entry's file name: the chunk's path in the bundle, in one reversible file name. */
const entryName = (relativePath: string) => `${encodeURIComponent(relativePath.split(sep).join('/'))}.v8`;
const chunkOfEntry = (bundleDir: string, name: string) => join(bundleDir, ...decodeURIComponent(name.slice(0, -'.v8'.length)).split('/'));

/** The cached data in `file` if it is whole and for this very source, else undefined. */
function readEntry(file: string, sourceHash: Buffer): Buffer | undefined {
  let entry: Buffer;
  try {
    entry = readFileSync(file);
  } catch {
    return undefined;
  }
  if (entry.length <= HEADER_BYTES || !entry.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!entry.subarray(MAGIC.length, MAGIC.length + SOURCE_HASH_BYTES).equals(sourceHash)) return undefined;
  const data = entry.subarray(HEADER_BYTES);
  return entry.readUInt32LE(HEADER_BYTES - 4) === crc32(data) ? data : undefined;
}

function writeEntries(cacheDir: string, bundleDir: string, pending: readonly Pending[]): void {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    pruneStale(cacheDir, bundleDir);
  } catch {
    return;
  }
  for (const { script, file, sourceHash } of pending) {
    // Written whole under another name, then renamed: a concurrent `hapyy` reads the old entry or the new, never half.
    const partial = `${file}.${process.pid}.partial`;
    try {
      const data = script.createCachedData();
      const crc = Buffer.alloc(4);
      crc.writeUInt32LE(crc32(data));
      writeFileSync(partial, Buffer.concat([MAGIC, sourceHash, crc, data]), { mode: 0o600 });
      renameSync(partial, file);
      stats.written++;
    } catch {
      rmSync(partial, { force: true });
    }
  }
}

/** Entries whose chunk is no longer in the bundle (an earlier build's), and partial files a killed process left. */
function pruneStale(cacheDir: string, bundleDir: string): void {
  for (const name of readdirSync(cacheDir)) {
    const chunk = name.endsWith('.v8') ? chunkOfEntry(bundleDir, name) : null;
    if (chunk !== null && existsFile(chunk)) continue;
    // Another process's partial file may be in the middle of being written: only old ones go.
    if (name.endsWith('.partial') && !isOld(join(cacheDir, name))) continue;
    rmSync(join(cacheDir, name), { force: true });
  }
}

const existsFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
const PARTIAL_MAX_AGE_MS = 60_000;
const isOld = (path: string): boolean => {
  const st = statSync(path, { throwIfNoEntry: false });
  return st === undefined || Date.now() - st.mtimeMs > PARTIAL_MAX_AGE_MS;
};
