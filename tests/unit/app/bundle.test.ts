import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
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

  it('main imports only node builtins, electron and runtime dependencies', () => {
    const code = built('main/index.js');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set(['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)]);
    const imports = [...code.matchAll(/^\s*import\s[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !allowed.has(i))).toEqual([]);
  });
});
