import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUGGY, cli, ROOT, useTempDirs } from './helpers';

/**
 * The real bundle through the compile cache (main/cli/compile-cache.ts): `hapyy run` fills it, later runs start
 * from it, and a damaged cache changes nothing but the time. On Node ≥ 22.1 the cache is Node's own
 * (module.enableCompileCache), in the same folder.
 */
const tempDir = useTempDirs();
const CHUNKS = join(ROOT, 'dist', 'cli', 'chunks');
const nodeHasOwnCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
/** The finding lines of a run's output: the summary's time column differs from run to run. */
const findings = (stdout: string) => stdout.split('\n').filter((l) => /:\d+:\d+ {2}/.test(l));

async function run(cache: string, data: string) {
  const r = await cli(['run', 'bash-verification', BUGGY, '--data-dir', data], { env: { HAPYY_COMPILE_CACHE: cache } });
  expect(r.exitCode, r.stderr).toBe(1);
  return r;
}

/** Every file under dir with its modification time. */
const listing = (dir: string): Map<string, number> =>
  new Map(readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).map((f) => [f, statSync(join(dir, f)).mtimeMs]));

describe('hapyy through the compile cache', () => {
  it('a run fills the cache with the chunks it loaded; the next run uses it as it is; a damaged one is replaced', async () => {
    const cache = tempDir('hapyy-cc-cli-');
    // A fresh data folder each time, so every run loads the same chunks: with the probes' answers kept, a run does
    // not load execa's chunk (only probes use it) and would leave its entry as it found it.
    const first = await run(cache, tempDir());
    expect(findings(first.stdout).length).toBeGreaterThan(0);
    const written = listing(cache);
    expect(written.size).toBeGreaterThan(0);
    if (!nodeHasOwnCache) {
      // One entry per chunk the run loaded, each named after a chunk of this very bundle.
      const chunks = new Set(readdirSync(CHUNKS));
      for (const f of written.keys()) expect(chunks.has(f.replace(/^[^/]+\/chunks%2F/, '').replace(/\.v8$/, ''))).toBe(true);
      expect([...written.keys()].some((f) => /chunks%2Frunner-.*\.cjs\.v8$/.test(f))).toBe(true);
      // The engine's chunk too: a chunk whose text holds `import(` (even in a string) is left uncached.
      expect([...written.keys()].some((f) => /chunks%2Fengine-.*\.cjs\.v8$/.test(f))).toBe(true);
    }

    const second = await run(cache, tempDir());
    expect(findings(second.stdout)).toEqual(findings(first.stdout));
    // Read, not rewritten.
    expect(listing(cache)).toEqual(written);

    if (nodeHasOwnCache) return;
    for (const f of written.keys()) writeFileSync(join(cache, f), Buffer.alloc(statSync(join(cache, f)).size, 0x5a));
    const third = await run(cache, tempDir());
    expect(third.stderr).not.toMatch(/internal error|Error:/);
    expect(findings(third.stdout)).toEqual(findings(first.stdout));
    for (const f of written.keys()) expect(readFileSync(join(cache, f)).subarray(0, 8).toString()).toBe('HPYV8C01');
  });

  it('HAPYY_COMPILE_CACHE=off: nothing is written anywhere for it', async () => {
    const home = tempDir('hapyy-cc-home-');
    const r = await cli(['run', 'bash-verification', BUGGY, '--data-dir', join(home, 'data')], {
      env: { HAPYY_COMPILE_CACHE: 'off', HOME: home, XDG_CACHE_HOME: join(home, 'cache') },
    });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(existsSync(join(home, 'cache'))).toBe(false);
  });

  it('by default the cache is in the per-user cache folder', async () => {
    const home = tempDir('hapyy-cc-home-');
    const r = await cli(['run', 'bash-verification', BUGGY, '--data-dir', join(home, 'data')], { env: { HAPYY_COMPILE_CACHE: '', XDG_CACHE_HOME: join(home, 'cache') } });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(readdirSync(join(home, 'cache', 'hapyy', 'compile-cache')).length).toBeGreaterThan(0);
  });
});
