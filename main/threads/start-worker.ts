import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on one of the app's own entry points, from the built app or from the sources.
 *
 * Built (dist/main, dist/cli): the entry is a separate output file of the build (vite.config.ts), looked for at each
 * of `built` in turn, because a bundle may place the calling code in a chunk one folder below its entry. From the
 * sources (tests, the E2E harness, the bench: `caller` ends in .ts) the entry is the .ts file, loaded through tsx,
 * which a worker thread must register itself (Node 20 does not pass `--import` loaders on to a worker's `.ts` entry).
 */
export function startWorker(caller: string, source: string, built: readonly string[], options: WorkerOptions = {}): Worker {
  if (!caller.endsWith('.ts')) {
    const found = built.map((name) => new URL(name, caller)).find((url) => existsSync(fileURLToPath(url)));
    if (!found) throw new Error(`the thread's entry (${built.join(' or ')}) is missing next to ${fileURLToPath(caller)}`);
    return new Worker(found, options);
  }
  // tsx's ESM register (its CommonJS one loads the ESM half by a path that breaks in a worker), found through its
  // own package.json's export map rather than a guessed file name.
  const pkgPath = createRequire(caller).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsx = pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs')).href;
  const entry = new URL(source, caller).href;
  // `load` rather than the call spelled out: the CLI's compile cache (main/cli/compile-cache.ts) leaves to Node any
  // chunk whose text holds a dynamic-import call, and this string alone made the engine's chunk one (~10 ms a start).
  const load = 'import';
  const boot = `${load}(${JSON.stringify(tsx)}).then((m) => { m.register(); return ${load}(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
