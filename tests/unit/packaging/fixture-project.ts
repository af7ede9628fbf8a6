import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A small project laid out like this repo after `npm run build`, with everything that must NOT be packaged
 * next to what must: sources, maps, tests, node_modules, build resources, earlier release output, dotfiles.
 */
export const FIXTURE_FILES: Record<string, string> = {
  'package.json': '{"name":"hapyy-desktop","main":"dist/main/index.js"}',
  'package-lock.json': '{}',
  'electron-builder.yml': 'appId: x',
  'tsconfig.json': '{}',
  '.gitignore': 'dist/',
  '.git/HEAD': 'ref: refs/heads/main',
  'dist/main/index.js': 'export {};',
  'dist/main/index.js.map': '{}',
  'dist/main/chunk.d.ts': 'export {};',
  'dist/main/stray.ts': 'export {};',
  'dist/preload/index.cjs': '',
  'dist/renderer/index.html': '<!doctype html>',
  'dist/renderer/assets/index-abc.js': '',
  'dist/renderer/assets/index-abc.js.map': '{}',
  'dist/renderer/assets/index-abc.css': '',
  'dist/tests/leftover.test.js': '',
  'main/app/index.ts': 'export {};',
  'renderer/App.tsx': 'export {};',
  'tests/unit/a.test.ts': '',
  'node_modules/zod/package.json': '{}',
  'node_modules/typescript/bin/tsc': '',
  'build/icon.png': '',
  'release/linux-unpacked/resources/app.asar': '',
  'resources/examples/typescript-linter/hello/example.json': '{}',
  'resources/examples/typescript-linter/hello/src/main.ts': 'export {};',
  'resources/examples/typescript-linter/hello/.gitkeep': '',
  'resources/examples/bash-verification/quoting/example.json': '{}',
  'resources/examples/bash-verification/quoting/run.sh': 'echo $1',
};

export async function makeFixtureProject(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'hapyy-pack-fixture-'));
  for (const [path, content] of Object.entries(FIXTURE_FILES)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}
