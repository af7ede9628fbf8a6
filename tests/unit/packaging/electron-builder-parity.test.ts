import type { Stats } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuilderConfig, REPO_ROOT, type BuilderConfig } from './builder-config';
import { listAppFiles, listExtraResources } from './file-sets';
import { makeFixtureProject } from './fixture-project';

/**
 * Our small matcher (file-sets.ts) against electron-builder's real one, on the same trees: if app-builder-lib
 * changes how it reads `files` / `extraResources`, this fails before a release ships the wrong files.
 * It reaches into app-builder-lib's internals (out/fileMatcher.js) with a minimal packager stand-in.
 */
type Filter = (file: string, stat: Stats) => boolean;
interface Matcher {
  from: string;
  to: string;
  isEmpty(): boolean;
  containsOnlyIgnore(): boolean;
  prependPattern(pattern: string): void;
  createFilter(): Filter;
}
interface FileMatcherModule {
  getMainFileMatchers(
    appDir: string,
    destination: string,
    macroExpander: (s: string) => string,
    platformSpecificBuildOptions: object,
    platformPackager: object,
    outDir: string,
    isElectronCompile: boolean,
  ): Matcher[];
  getFileMatchers(config: object, name: 'extraResources', destination: string, options: object): Matcher[] | null;
}
const eb = createRequire(import.meta.url)('app-builder-lib/out/fileMatcher.js') as FileMatcherModule;
const same = (s: string) => s;

/** builder-util's walk: sorted, .DS_Store/.gitkeep dropped, a directory the filter rejects is not entered. */
async function walk(dir: string, filter: Filter): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (name === '.DS_Store' || name === '.gitkeep') continue;
    const path = dir + sep + name;
    const stat = await lstat(path);
    if (!filter(path, stat)) continue;
    if (stat.isDirectory()) out.push(...(await walk(path, filter)));
    else out.push(path);
  }
  return out;
}

const toDest = (root: string, path: string) => relative(root, path).split(sep).join('/');

async function electronBuilderAppFiles(projectDir: string, config: BuilderConfig): Promise<string[]> {
  const packager = {
    info: { projectDir, buildResourcesDir: resolve(projectDir, config.directories.buildResources), isPrepackedAppAsar: false, config, debugLogger: { isEnabled: false } },
  };
  const outDir = resolve(projectDir, config.directories.output);
  const [main] = eb.getMainFileMatchers(projectDir, '/asar', same, config.linux, packager, outDir, false);
  if (!main) throw new Error('electron-builder computed no file matcher');
  return (await walk(main.from, main.createFilter())).map((p) => toDest(main.from, p)).sort();
}

async function electronBuilderExtraResources(projectDir: string, config: BuilderConfig): Promise<string[]> {
  const base = '/resources';
  const options = { macroExpander: same, customBuildOptions: config.linux, globalOutDir: resolve(projectDir, config.directories.output), defaultSrc: projectDir };
  const dests: string[] = [];
  for (const m of eb.getFileMatchers(config, 'extraResources', base, options) ?? []) {
    const stat = await lstat(m.from).catch(() => null);
    if (stat === null) continue;
    if (stat.isFile()) {
      dests.push(toDest(base, m.to));
      continue;
    }
    if (m.isEmpty() || m.containsOnlyIgnore()) m.prependPattern('**/*');
    for (const p of await walk(m.from, m.createFilter())) dests.push(toDest(base, join(m.to, relative(m.from, p))));
  }
  return dests.sort();
}

describe('our listing agrees with electron-builder’s own matchers', () => {
  let fixture: string;
  let config: BuilderConfig;
  beforeAll(async () => {
    fixture = await makeFixtureProject();
    config = readBuilderConfig();
  });
  afterAll(async () => {
    await rm(fixture, { recursive: true, force: true });
  });

  const cases = () => [
    { name: 'fixture project', root: fixture, config },
    { name: 'fixture project, careless files: ["**/*"]', root: fixture, config: { ...config, files: ['**/*'] } },
    { name: 'this repository', root: REPO_ROOT, config },
  ];

  it('files (app.asar)', async () => {
    for (const c of cases()) {
      const ours = (await listAppFiles(c.root, c.config)).map((f) => f.dest);
      expect(ours, c.name).toEqual(await electronBuilderAppFiles(c.root, c.config));
    }
  });

  it('extraResources', async () => {
    for (const c of cases()) {
      const ours = (await listExtraResources(c.root, c.config)).map((f) => f.dest).sort();
      expect(ours, c.name).toEqual(await electronBuilderExtraResources(c.root, c.config));
    }
  });
});
