import { existsSync, readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUILTIN_TOOLS } from '../../../shared/tools';
import { readBuilderConfig, REPO_ROOT, type BuilderConfig } from './builder-config';
import { examplesIn, forbiddenAppFiles, missingFrom } from './contents-rules';
import { listAppFiles, listExtraResources, matchTree, type PackagedFile } from './file-sets';
import { makeFixtureProject } from './fixture-project';

const DIST = join(REPO_ROOT, 'dist');

/** The listing needs the built output; it is never built here. `npm test` builds first. */
function requireBuiltOutput(): void {
  if (!existsSync(join(DIST, 'main', 'index.js'))) {
    throw new Error(`No built output at ${DIST}/main/index.js: run \`npm run build\` first (\`npm test\` does). These tests list what would be packaged from it.`);
  }
}

describe('what electron-builder.yml packages from this repository', () => {
  let config: BuilderConfig;
  let extra: PackagedFile[];
  beforeAll(async () => {
    config = readBuilderConfig();
    extra = await listExtraResources(REPO_ROOT, config);
  });

  describe('app.asar (`files`)', () => {
    let app: PackagedFile[];
    beforeAll(async () => {
      app = await listAppFiles(REPO_ROOT, config);
    });

    it('holds only built output and package.json: no sources, tests or source maps', () => {
      requireBuiltOutput();
      expect(forbiddenAppFiles(app)).toEqual([]);
    });

    it('holds the entry points: package.json main, the preload, the renderer page and its assets', () => {
      requireBuiltOutput();
      const pkg = z.object({ main: z.string() }).parse(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')));
      expect(missingFrom(app, ['package.json', pkg.main, 'dist/preload/index.cjs', 'dist/renderer/index.html'])).toEqual([]);
      expect(app.some((f) => /^dist\/renderer\/assets\/.+\.js$/.test(f.dest))).toBe(true);
    });

    it('main does not load typescript at run time (it is left out of app.asar; tsc ships in resources/)', async () => {
      requireBuiltOutput();
      const mainFiles = await matchTree(join(DIST, 'main'), ['**/*.{js,mjs,cjs}']);
      expect(mainFiles.length).toBeGreaterThan(0);
      const importers = mainFiles.filter((f) =>
        /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']typescript(?:\/[^"']*)?["']/.test(readFileSync(join(DIST, 'main', f), 'utf8')),
      );
      expect(importers).toEqual([]);
      expect(config.files).toContain('!node_modules/typescript{,/**/*}');
    });
  });

  describe('resources/ (`extraResources`)', () => {
    it('carries every file of every bundled example', async () => {
      const source = await matchTree(join(REPO_ROOT, 'resources', 'examples'), []);
      expect(source.length, 'resources/examples/ holds no files: the bundled examples are missing').toBeGreaterThan(0);
      expect(missingFrom(extra, source.map((f) => `examples/${f}`))).toEqual([]);
    });

    it('carries at least one example (a folder with example.json) for every built-in tool', () => {
      const packaged = new Set(examplesIn(extra.map((f) => f.dest), 'examples/').map((e) => e.split('/')[0]));
      expect(BUILTIN_TOOLS.map((t) => t.id).filter((id) => !packaged.has(id))).toEqual([]);
    });

    it('carries the TypeScript compiler, every lib file it may need, and its licence', async () => {
      const tsLib = join(REPO_ROOT, 'node_modules', 'typescript', 'lib');
      const libFiles = (await readdir(tsLib)).filter((f) => /^lib\..*d\.ts$/.test(f));
      expect(libFiles).toContain('lib.d.ts');
      const expected = [
        'typescript/package.json',
        'typescript/LICENSE.txt',
        'typescript/bin/tsc',
        'typescript/lib/tsc.js',
        'typescript/lib/_tsc.js',
        ...libFiles.map((f) => `typescript/lib/${f}`),
      ];
      expect(missingFrom(extra, expected)).toEqual([]);
    });

    it('carries the window icon', () => {
      expect(missingFrom(extra, ['icon.png'])).toEqual([]);
    });

    it('puts everything in the folders main/resources resolves (examples/, typescript/, icon.png) or the CLI’s (cli/, bin/)', () => {
      const outside = extra.filter((f) => !/^(examples\/|typescript\/|icon\.png$|cli\/|bin\/)/.test(f.dest)).map((f) => f.dest);
      expect(outside).toEqual([]);
    });
  });
});

describe('the listing and its rules catch a bad package (fixture project)', () => {
  let root: string;
  let config: BuilderConfig;
  beforeAll(async () => {
    root = await makeFixtureProject();
    config = readBuilderConfig();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('with the real config: only built output, minus maps, declarations and stray sources', async () => {
    const app = await listAppFiles(root, config);
    expect(app.map((f) => f.dest)).toEqual([
      'dist/main/index.js',
      'dist/preload/index.cjs',
      'dist/renderer/assets/index-abc.css',
      'dist/renderer/assets/index-abc.js',
      'dist/renderer/index.html',
      'dist/tests/leftover.test.js',
      'package.json',
    ]);
    // A test file that ends up in dist/ is still caught by the rules.
    expect(forbiddenAppFiles(app)).toEqual(['dist/tests/leftover.test.js (test)']);
  });

  it('with a careless `files: ["**/*"]`: sources, tests and maps are reported', async () => {
    const careless = { ...config, files: ['**/*'] };
    const found = forbiddenAppFiles(await listAppFiles(root, careless));
    for (const bad of ['main/app/index.ts', 'renderer/App.tsx', 'tests/unit/a.test.ts', 'dist/main/index.js.map', 'tsconfig.json']) {
      expect(found.some((f) => f.startsWith(`${bad} (`)), bad).toBe(true);
    }
    // electron-builder's own defaults still keep these out.
    expect(found.filter((f) => /^(node_modules|build|release|\.git)\/|^(package-lock\.json|electron-builder\.yml|\.gitignore) /.test(f))).toEqual([]);
  });

  it('examples: all files copied (dotfiles too, except .gitkeep), and a filter that drops one is noticed', async () => {
    const extra = await listExtraResources(root, config);
    const source = ['bash-verification/quoting/example.json', 'bash-verification/quoting/run.sh', 'typescript-linter/hello/example.json', 'typescript-linter/hello/src/main.ts'];
    expect(extra.filter((f) => f.dest.startsWith('examples/')).map((f) => f.dest)).toEqual(source.map((s) => `examples/${s}`));
    expect(examplesIn(extra.map((f) => f.dest), 'examples/')).toEqual(['bash-verification/quoting', 'typescript-linter/hello']);

    const lossy = { ...config, extraResources: config.extraResources.map((s) => (s.to === 'examples' ? { ...s, filter: ['**/*', '!**/*.sh'] } : s)) };
    const lossyExtra = await listExtraResources(root, lossy);
    expect(missingFrom(lossyExtra, source.map((s) => `examples/${s}`))).toEqual(['examples/bash-verification/quoting/run.sh']);
  });

  it('a missing tsc is noticed', async () => {
    const withoutTs = { ...config, extraResources: config.extraResources.filter((s) => s.to !== 'typescript') };
    const listing = await listExtraResources(REPO_ROOT, withoutTs);
    expect(missingFrom(listing, ['typescript/bin/tsc', 'typescript/lib/tsc.js'])).toEqual(['typescript/bin/tsc', 'typescript/lib/tsc.js']);
  });
});
