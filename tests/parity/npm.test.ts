import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmPackage, npmSubset } from './corpus';
import { runDirect } from './engines';
import { Hapyy } from './hapyy';

/** Every .ts/.tsx/.mts/.cts below dir, relative, sorted: what a user lists for a loose set (no tsconfig.json). */
function tsFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.(ts|tsx|mts|cts)$/i.test(f))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

// Sources from the npm registry (`npm pack`, cached outside the repository): tsc in place vs through Hapyy.
describe('parity on npm packages', () => {
  let hapyy: Hapyy;
  beforeAll(async () => {
    hapyy = await Hapyy.start();
  });
  afterAll(async () => {
    await hapyy.dispose();
  });

  it('tsc on zod v3 sources, a loose set with no tsconfig.json (modern defaults, not ES5)', async () => {
    // Without tests/: they import the package by its own name (`zod/v3`), which tsc resolves in place through the
    // package.json two folders up — a self-reference a run of src/v3 alone cannot reproduce.
    const dir = npmSubset('zod', 'src/v3', ['tests']);
    const files = tsFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(20);
    const direct = await runDirect('tsc', dir, files);
    const run = await hapyy.run(dir, 'typescript-linter');
    expect(run.engine).toBe('tsc');
    expect(run.findings).toEqual(direct.findings);
    // The ES5 default flooded this with TS2583/TS2550 ("change your target library"); none of those now.
    expect(run.findings.filter((f) => f.code === 'TS2583' || f.code === 'TS2550')).toEqual([]);
  });

  it('tsc on RxJS sources (src/, no tsconfig.json of its own): clean in place, clean through Hapyy', async () => {
    const dir = path.join(npmPackage('rxjs'), 'src');
    const files = tsFiles(dir);
    expect(files.length).toBeGreaterThan(200);
    const direct = await runDirect('tsc', dir, files);
    const run = await hapyy.run(dir, 'typescript-linter');
    expect(direct.exitCode).toBe(0);
    expect(run.findings).toEqual(direct.findings);
    expect(run.record.status).toBe('completed');
  });
});
