import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../shared/contract';

// The built bundles (npm test builds first): a sandboxed preload may require nothing but 'electron', and main
// may import only Node's modules, 'electron' and the package's runtime dependencies (which get packaged).
const ROOT = resolve(import.meta.dirname, '../../..');
const built = (p: string) => {
  const file = join(ROOT, 'dist', p);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does).`);
  return readFileSync(file, 'utf8');
};

/** The packages an entry imports, following its relative imports (chunks the entries share, ./assets/…). */
function externalImports(entry: string): string[] {
  const files = [entry];
  const out: string[] = [];
  for (let i = 0; i < files.length; i += 1) {
    const file = files[i]!;
    for (const [, spec] of built(file).matchAll(/(?:^\s*import\s[^;]*?from\s+|\brequire\()["']([^"']+)["']/gm)) {
      if (!spec!.startsWith('.')) out.push(spec!);
      else {
        const next = join(dirname(file), spec!).split('\\').join('/');
        if (!files.includes(next)) files.push(next);
      }
    }
  }
  return out;
}

describe('built bundles', () => {
  it('the preload is one CommonJS file that requires only electron', () => {
    const code = built('preload/index.cjs');
    const requires = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*import\s/m);
  });

  it('the preload carries the contract’s names, not zod: every channel and event, at most 20 KB', () => {
    const code = built('preload/index.cjs');
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(20 * 1024);
    for (const name of [...CHANNEL_NAMES, ...EVENT_NAMES]) expect(code).toContain(JSON.stringify(name));
    expect(code).not.toMatch(/ZodError|safeParse/);
  });

  it('main (and its compare and intake copy threads) imports only node builtins, electron and runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set(['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)]);
    const imports = [...externalImports('main/index.js'), ...externalImports('main/compare-worker.js'), ...externalImports('main/intake-copy-worker.js')];
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !allowed.has(i))).toEqual([]);
    // The worker thread must not load the Electron shell, through a shared chunk or otherwise.
    expect(externalImports('main/compare-worker.js')).not.toContain('electron');
    // The copy thread loads Node's own modules only (no zod, no Electron): it starts before a run's first copy.
    expect(externalImports('main/intake-copy-worker.js').filter((i) => !i.startsWith('node:'))).toEqual([]);
    expect(externalImports('main/intake-copy-worker.js')).toContain('node:worker_threads');
  });

  it('the CLI bundle carries the intake copy thread next to its entry', () => {
    expect(externalImports('cli/intake-copy-worker.cjs').filter((i) => !i.startsWith('node:'))).toEqual([]);
    expect(externalImports('cli/intake-copy-worker.cjs')).toContain('node:worker_threads');
  });
});
