import { stat } from 'node:fs/promises';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import {
  bundledNodeCommand,
  devLayout,
  findAppRoot,
  findMissingResources,
  isInsideAsar,
  resolveResources,
  type BundledResources,
  type ResourceLayout,
} from '../../../main/resources';
import { readBuilderConfig, REPO_ROOT } from './builder-config';
import { listExtraResources, stageFiles } from './file-sets';

/** Runs a bundled script the way the registry will: nodeRuntime.command [script, ...args] with nodeRuntime.env added. */
async function runBundled(res: BundledResources, id: string, args: string[], cwd: string) {
  const { command, args: prefix, env } = bundledNodeCommand(res, id);
  return execa(command, [...prefix, ...args], { cwd, env, reject: false, timeout: 25_000, all: true });
}

async function isDir(p: string) {
  return (await stat(p)).isDirectory();
}

const TS_OK = 'export const answer: number = 6 * 7;\nexport const names = [1, 2, 3].map(String);\n';
const TS_BAD = 'const answer: number = "forty-two";\nexport { answer };\n';

describe('resolveResources: development checkout', () => {
  it('devLayout() finds this checkout by its package.json name', () => {
    const layout = devLayout();
    expect(layout).toEqual({
      isPackaged: false,
      appRoot: REPO_ROOT,
      resourcesPath: join(REPO_ROOT, 'resources'),
      execPath: process.execPath,
      execIsElectron: false,
    });
  });

  it('resolves examples, tsc and the icon inside the checkout, and plain Node', async () => {
    const res = resolveResources(devLayout());
    expect(res).toEqual({
      examplesDir: join(REPO_ROOT, 'resources', 'examples'),
      tscPath: join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      iconPath: join(REPO_ROOT, 'build', 'icons', '512x512.png'),
      nodeRuntime: { command: process.execPath, env: {} },
    });
    expect(await isDir(res.examplesDir)).toBe(true);
    expect(await findMissingResources(res)).toEqual([]);
  });

  it('the checkout’s tsc runs with Node and is TypeScript 5.9', async () => {
    const res = resolveResources(devLayout());
    const r = await runBundled(res, 'tsc', ['--version'], REPO_ROOT);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^Version 5\.9\.\d+$/);
  });

  it('under `electron .` (not packaged) the Electron binary still gets ELECTRON_RUN_AS_NODE', () => {
    const res = resolveResources({ ...devLayout(), execPath: '/opt/electron/electron', execIsElectron: true });
    expect(res.nodeRuntime).toEqual({ command: '/opt/electron/electron', env: { ELECTRON_RUN_AS_NODE: '1' } });
  });
});

describe('findAppRoot', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hapyy-approot-'));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'hapyy-desktop' }));
    await mkdir(join(dir, 'nested', 'pkg', 'deep'), { recursive: true });
    await writeFile(join(dir, 'nested', 'pkg', 'package.json'), JSON.stringify({ name: 'something-else' }));
    await writeFile(join(dir, 'nested', 'package.json'), '{ not json');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('walks up past other packages and broken package.json files', () => {
    expect(findAppRoot(join(dir, 'nested', 'pkg', 'deep'))).toBe(dir);
    expect(resolveResources(devLayout(dir)).examplesDir).toBe(join(dir, 'resources', 'examples'));
  });

  it('throws when no ancestor is the app', () => {
    expect(() => findAppRoot(join(dir, 'nested'), 'no-such-package-name')).toThrow(/No package.json named/);
  });
});

describe('resolveResources: packaged app (a temporary resources/ staged from electron-builder.yml)', () => {
  let root: string;
  let layout: ResourceLayout;
  let res: BundledResources;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hapyy-packaged-'));
    const resourcesPath = join(root, 'resources');
    // Copy exactly what extraResources ships for tsc and the icon; the repo's examples are checked in
    // packaged-contents.test.ts, here one fixture example stands in for them.
    const extra = await listExtraResources(REPO_ROOT, readBuilderConfig());
    await stageFiles(
      extra.filter((f) => !f.dest.startsWith('examples/')),
      resourcesPath,
    );
    await mkdir(join(resourcesPath, 'examples', 'typescript-linter', 'fixture'), { recursive: true });
    await writeFile(join(resourcesPath, 'examples', 'typescript-linter', 'fixture', 'example.json'), '{}');
    await writeFile(join(resourcesPath, 'app.asar'), 'not a real archive');
    layout = { isPackaged: true, appRoot: join(resourcesPath, 'app.asar'), resourcesPath, execPath: process.execPath };
    res = resolveResources(layout);
    await mkdir(join(root, 'project'));
    await writeFile(join(root, 'project', 'ok.ts'), TS_OK);
    await writeFile(join(root, 'project', 'bad.ts'), TS_BAD);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('resolves everything under resourcesPath, never under the app archive', async () => {
    const r = layout.resourcesPath;
    expect(res).toEqual({
      examplesDir: join(r, 'examples'),
      tscPath: join(r, 'typescript', 'bin', 'tsc'),
      iconPath: join(r, 'icon.png'),
      // Packaged, execPath is the app's Electron binary: it acts as Node with ELECTRON_RUN_AS_NODE.
      nodeRuntime: { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } },
    });
    expect(await findMissingResources(res)).toEqual([]);
    expect(await readFile(join(r, 'typescript', 'package.json'), 'utf8')).toMatch(/"name": "typescript"/);
  });

  it('the bundled tsc runs with Node from the staged copy', async () => {
    const r = await runBundled(res, 'tsc', ['--version'], root);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^Version 5\.9\.\d+$/);
  });

  it('the bundled tsc type-checks: its lib files are there, and errors come out in the format the parser reads', async () => {
    const ok = await runBundled(res, 'tsc', ['--noEmit', '--pretty', 'false', '--strict', 'ok.ts'], join(root, 'project'));
    expect(ok.all).toBe('');
    expect(ok.exitCode).toBe(0);
    const modern = await runBundled(res, 'tsc', ['--noEmit', '--pretty', 'false', '--target', 'es2023', '--lib', 'es2023', 'ok.ts'], join(root, 'project'));
    expect(modern.all).toBe('');
    const bad = await runBundled(res, 'tsc', ['--noEmit', '--pretty', 'false', '--strict', 'bad.ts'], join(root, 'project'));
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stdout).toMatch(/^bad\.ts\(1,7\): error TS2322: /m);
  });

  it('reports a missing tsc instead of pretending', async () => {
    const broken = resolveResources({ ...layout, resourcesPath: join(root, 'nowhere') });
    const missing = await findMissingResources(broken);
    expect(missing.map((m) => m.name).sort()).toEqual(['examplesDir', 'iconPath', 'tscPath']);
  });
});

describe('nothing spawned comes from inside an .asar archive', () => {
  const base: ResourceLayout = { isPackaged: true, appRoot: '/opt/Hapyy/resources/app.asar', resourcesPath: '/opt/Hapyy/resources', execPath: '/opt/Hapyy/hapyy-desktop' };

  it('detects archive paths with either separator, and not the .unpacked folder', () => {
    expect(isInsideAsar('/opt/Hapyy/resources/app.asar/typescript/bin/tsc')).toBe(true);
    expect(isInsideAsar('C:\\Program Files\\Hapyy\\resources\\app.asar\\typescript\\bin\\tsc')).toBe(true);
    expect(isInsideAsar('/opt/Hapyy/resources/APP.ASAR')).toBe(true);
    expect(isInsideAsar('/opt/Hapyy/resources/app.asar.unpacked/typescript/bin/tsc')).toBe(false);
    expect(isInsideAsar('/opt/Hapyy/resources/typescript/bin/tsc')).toBe(false);
  });

  it('refuses a resources path inside the archive', () => {
    const attempt = () => resolveResources({ ...base, resourcesPath: '/opt/Hapyy/resources/app.asar' });
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(/TypeScript compiler|examples/);
  });

  it('refuses a development root inside the archive (dev paths are under appRoot)', () => {
    expect(() => resolveResources({ ...base, isPackaged: false })).toThrow(/inside the app archive/);
  });

  it('refuses a Node runtime inside the archive', () => {
    expect(() => resolveResources({ ...base, execPath: '/opt/Hapyy/resources/app.asar/node' })).toThrow(/Node runtime/);
  });

  it('accepts the packaged layout itself (appRoot is the archive; nothing is resolved from it)', () => {
    expect(resolveResources(base).tscPath).toBe('/opt/Hapyy/resources/typescript/bin/tsc');
  });
});

describe('bundledNodeCommand', () => {
  it('maps the engine’s resource id to the runtime and script', () => {
    const res = resolveResources({ isPackaged: true, appRoot: '/r/app.asar', resourcesPath: '/r', execPath: '/app/hapyy' });
    expect(bundledNodeCommand(res, 'tsc')).toEqual({ command: '/app/hapyy', args: ['/r/typescript/bin/tsc'], env: { ELECTRON_RUN_AS_NODE: '1' } });
  });

  it('refuses an id that is not bundled', () => {
    const res = resolveResources(devLayout());
    expect(() => bundledNodeCommand(res, 'ruff')).toThrow(/does not bundle/);
  });
});
