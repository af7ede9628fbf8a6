import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileCacheDir } from '../../../main/cli/compile-cache';
import { useTempDirs } from '../../integration/cli/helpers';

/**
 * The compile cache (main/cli/compile-cache.ts), with real Node processes loading a small CommonJS bundle through
 * the hook (fixtures/compile-cache-driver.ts): what is written, what is reused, and that nothing wrong with the
 * cache (damaged, stale, rejected by V8, unwritable) changes what runs.
 */
const DRIVER = resolve(import.meta.dirname, 'fixtures', 'compile-cache-driver.ts');
const tempDir = useTempDirs();
const Report = z.object({ out: z.string(), mode: z.string(), stats: z.object({ hits: z.number(), misses: z.number(), written: z.number() }) });

/** A bundle whose chunk computes its answer, so the cached code has functions in it; `tag` is 4 characters. */
function makeBundle(tag: string): string {
  const dir = tempDir('hapyy-cc-bundle-');
  mkdirSync(join(dir, 'chunks'));
  writeFileSync(join(dir, 'entry.cjs'), "'use strict';\nmodule.exports = require('./chunks/answer-ab12.cjs').answer();\n");
  writeChunk(dir, tag);
  return dir;
}
const writeChunk = (dir: string, tag: string) =>
  writeFileSync(join(dir, 'chunks', 'answer-ab12.cjs'), `'use strict';\nexports.answer = () => '${tag}:' + [1, 2, 3].map((x) => x * 2).join(',');\n`);

async function run(bundle: string, cacheRoot: string, nodeFlags: string[] = [], how: string[] = []) {
  const r = await execa(process.execPath, [...nodeFlags, '--import', 'tsx', DRIVER, bundle, cacheRoot, ...how], { reject: false });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return Report.parse(JSON.parse(r.stdout));
}
/** What the bundle returned and the hook's counts, loaded through the hook. */
async function load(bundle: string, cacheRoot: string, nodeFlags: string[] = []) {
  const { out, stats } = await run(bundle, cacheRoot, nodeFlags);
  return { out, stats };
}

/** The one folder the hook keeps this bundle's entries in (per bundle location and Node version). */
function entriesDir(cacheRoot: string): string {
  const dirs = readdirSync(cacheRoot);
  expect(dirs).toHaveLength(1);
  return join(cacheRoot, dirs[0] as string);
}

describe('compile cache', () => {
  it('the first start writes an entry per module of the bundle; the next starts from them', async () => {
    const bundle = makeBundle('AAAA');
    const cache = tempDir('hapyy-cc-');
    expect(await load(bundle, cache)).toEqual({ out: 'AAAA:2,4,6', stats: { hits: 0, misses: 2, written: 2 } });
    const dir = entriesDir(cache);
    expect(readdirSync(dir).sort()).toEqual(['chunks%2Fanswer-ab12.cjs.v8', 'entry.cjs.v8']);
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).subarray(0, 8).toString()).toBe('HPYV8C01');
    expect(await load(bundle, cache)).toEqual({ out: 'AAAA:2,4,6', stats: { hits: 2, misses: 0, written: 0 } });
  });

  it('a chunk rebuilt to a same-length source is compiled again, not run from the old entry (V8 checks only the length)', async () => {
    const bundle = makeBundle('AAAA');
    const cache = tempDir('hapyy-cc-');
    await load(bundle, cache);
    writeChunk(bundle, 'BBBB');
    expect(await load(bundle, cache)).toEqual({ out: 'BBBB:2,4,6', stats: { hits: 1, misses: 1, written: 1 } });
    expect(await load(bundle, cache)).toEqual({ out: 'BBBB:2,4,6', stats: { hits: 2, misses: 0, written: 0 } });
  });

  const damages: [string, (entry: Buffer) => Buffer][] = [
    ['one byte of its data flipped', (e) => Buffer.from(e).fill(e[e.length - 20] === 0 ? 1 : 0, e.length - 20, e.length - 19)],
    ['cut in half', (e) => e.subarray(0, e.length >> 1)],
    ['only its header', (e) => e.subarray(0, 44)],
    ['empty', () => Buffer.alloc(0)],
    ['garbage of the same size', (e) => Buffer.alloc(e.length, 0x5a)],
  ];
  for (const [what, damage] of damages) {
    it(`an entry ${what} is not used: the chunk compiles as usual and its entry is written again`, async () => {
      const bundle = makeBundle('AAAA');
      const cache = tempDir('hapyy-cc-');
      await load(bundle, cache);
      const file = join(entriesDir(cache), 'chunks%2Fanswer-ab12.cjs.v8');
      writeFileSync(file, damage(readFileSync(file)));
      expect(await load(bundle, cache)).toEqual({ out: 'AAAA:2,4,6', stats: { hits: 1, misses: 1, written: 1 } });
      expect(await load(bundle, cache)).toEqual({ out: 'AAAA:2,4,6', stats: { hits: 2, misses: 0, written: 0 } });
    });
  }

  it('data V8 rejects (written under other V8 flags) counts as a miss and is replaced', async () => {
    const bundle = makeBundle('AAAA');
    const cache = tempDir('hapyy-cc-');
    await load(bundle, cache);
    expect(await load(bundle, cache, ['--no-opt'])).toEqual({ out: 'AAAA:2,4,6', stats: { hits: 0, misses: 2, written: 2 } });
    expect(await load(bundle, cache, ['--no-opt'])).toEqual({ out: 'AAAA:2,4,6', stats: { hits: 2, misses: 0, written: 0 } });
  });

  it('a chunk gets a whole require (require.resolve too), and odd chunk names map back to their chunk (kept, not pruned)', async () => {
    const bundle = makeBundle('AAAA');
    writeFileSync(join(bundle, 'chunks', 'odd__na%me.cjs'), "'use strict';\nexports.where = require('node:path').basename(require.resolve('./answer-ab12.cjs'));\n");
    writeFileSync(join(bundle, 'entry.cjs'), "'use strict';\nmodule.exports = require('./chunks/odd__na%me.cjs').where + ' ' + require('./chunks/answer-ab12.cjs').answer();\n");
    const cache = tempDir('hapyy-cc-');
    expect(await load(bundle, cache)).toEqual({ out: 'answer-ab12.cjs AAAA:2,4,6', stats: { hits: 0, misses: 3, written: 3 } });
    // A later write (a damaged entry) prunes, and must keep the odd-named chunk's entry.
    writeFileSync(join(entriesDir(cache), 'entry.cjs.v8'), 'damaged');
    expect(await load(bundle, cache)).toEqual({ out: 'answer-ab12.cjs AAAA:2,4,6', stats: { hits: 2, misses: 1, written: 1 } });
    expect(await load(bundle, cache)).toEqual({ out: 'answer-ab12.cjs AAAA:2,4,6', stats: { hits: 3, misses: 0, written: 0 } });
  });

  it('a chunk that uses import() is left to Node, so it works as usual (uncached)', async () => {
    const bundle = makeBundle('AAAA');
    writeFileSync(join(bundle, 'entry.cjs'), "'use strict';\nmodule.exports = import('node:path').then((p) => p.posix.join('a', 'b'));\n");
    const cache = tempDir('hapyy-cc-');
    expect(await load(bundle, cache)).toEqual({ out: 'a/b', stats: { hits: 0, misses: 0, written: 0 } });
  });

  it('a cache folder that cannot be made (a file in its place) only means no cache, silently', async () => {
    const bundle = makeBundle('AAAA');
    const blocker = join(tempDir('hapyy-cc-'), 'not-a-folder');
    writeFileSync(blocker, 'x');
    expect(await load(bundle, blocker)).toEqual({ out: 'AAAA:2,4,6', stats: { hits: 0, misses: 2, written: 0 } });
    expect(await load(bundle, blocker)).toEqual({ out: 'AAAA:2,4,6', stats: { hits: 0, misses: 2, written: 0 } });
  });

  it('writing removes the entries of chunks no longer in the bundle and old partial files, not a fresh partial file', async () => {
    const bundle = makeBundle('AAAA');
    const cache = tempDir('hapyy-cc-');
    await load(bundle, cache);
    const dir = entriesDir(cache);
    writeFileSync(join(dir, 'chunks%2Fanswer-old1.cjs.v8'), 'an earlier build');
    writeFileSync(join(dir, 'chunks%2Fanswer-ab12.cjs.v8.999.partial'), 'a process killed while writing');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, 'chunks%2Fanswer-ab12.cjs.v8.999.partial'), old, old);
    writeFileSync(join(dir, 'entry.cjs.v8.998.partial'), 'another process writing now');
    writeFileSync(join(dir, 'chunks%2Fanswer-ab12.cjs.v8'), 'damaged, so this start writes');
    await load(bundle, cache);
    expect(readdirSync(dir).sort()).toEqual(['chunks%2Fanswer-ab12.cjs.v8', 'entry.cjs.v8', 'entry.cjs.v8.998.partial']);
  });

  it('starts that race to fill an empty cache all run correctly and leave whole entries', async () => {
    const bundle = makeBundle('AAAA');
    const cache = tempDir('hapyy-cc-');
    const reports = await Promise.all(Array.from({ length: 6 }, () => load(bundle, cache)));
    for (const r of reports) expect(r.out).toBe('AAAA:2,4,6');
    expect(readdirSync(entriesDir(cache)).sort()).toEqual(['chunks%2Fanswer-ab12.cjs.v8', 'entry.cjs.v8']);
    expect(await load(bundle, cache)).toEqual({ out: 'AAAA:2,4,6', stats: { hits: 2, misses: 0, written: 0 } });
  });

  it('entries of a bundle elsewhere, or of another Node, go to another folder', async () => {
    const cache = tempDir('hapyy-cc-');
    await load(makeBundle('AAAA'), cache);
    await load(makeBundle('AAAA'), cache);
    expect(readdirSync(cache)).toHaveLength(2);
    for (const d of readdirSync(cache)) expect(statSync(join(cache, d)).mode & 0o777).toBe(0o700);
  });
});

describe('turning it on (the CLI entry: enableCompileCache)', () => {
  const builtIn = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

  it("uses Node's own cache where Node has one, else the hook", async () => {
    const cache = tempDir('hapyy-cc-');
    const r = await run(makeBundle('AAAA'), cache, [], ['enable']);
    expect(r.out).toBe('AAAA:2,4,6');
    expect(r.mode).toBe(builtIn ? 'node' : 'hook');
    expect(readdirSync(cache).length).toBeGreaterThan(0);
  });

  it('stays off with --enable-source-maps on Node 20 (Node maps only what it compiled itself), and when told so', async () => {
    const cache = tempDir('hapyy-cc-');
    const bundle = makeBundle('AAAA');
    if (!builtIn) expect(await run(bundle, cache, ['--enable-source-maps'], ['enable'])).toEqual({ out: 'AAAA:2,4,6', mode: 'off', stats: { hits: 0, misses: 0, written: 0 } });
    expect(await run(bundle, 'off', [], ['enable'])).toEqual({ out: 'AAAA:2,4,6', mode: 'off', stats: { hits: 0, misses: 0, written: 0 } });
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe('where the cache lives', () => {
  it('HAPYY_COMPILE_CACHE names the folder, or turns the cache off with 0 or off', () => {
    expect(compileCacheDir({ HAPYY_COMPILE_CACHE: '/some/where' }, 'linux')).toBe('/some/where');
    expect(compileCacheDir({ HAPYY_COMPILE_CACHE: 'off' }, 'linux')).toBeNull();
    expect(compileCacheDir({ HAPYY_COMPILE_CACHE: '0' }, 'linux')).toBeNull();
  });

  it("otherwise the platform's per-user cache folder", () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux')).toBe('/x/cache/hapyy/compile-cache');
    // A relative XDG_CACHE_HOME is invalid by the spec and ignored.
    expect(compileCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux')).toMatch(/\/\.cache\/hapyy\/compile-cache$/);
    expect(compileCacheDir({}, 'darwin')).toMatch(/\/Library\/Caches\/hapyy\/compile-cache$/);
    expect(compileCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32')).toMatch(/^C:\\Users\\u\\AppData\\Local.hapyy.compile-cache$/);
  });
});
