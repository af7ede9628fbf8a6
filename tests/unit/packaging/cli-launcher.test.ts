import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readBuilderConfig, REPO_ROOT, type BuilderConfig } from './builder-config';
import { listAppFiles, listExtraResources, stageFiles, type PackagedFile } from './file-sets';

/**
 * Installers carry `hapyy`: the CLI bundle in resources/cli and launchers in resources/bin that run the app's own
 * binary as Node on it. The last test stages the real resources folder from electron-builder.yml and runs the
 * launcher in it, with Node standing in for the Electron binary (which is not installed here; it acts as Node
 * under ELECTRON_RUN_AS_NODE=1, and Node ignores that variable).
 */
const CLI_DIST = join(REPO_ROOT, 'dist', 'cli');
function requireBuiltCli(): void {
  if (!existsSync(join(CLI_DIST, 'hapyy.cjs'))) throw new Error('No CLI bundle at dist/cli: run `npm run build` (or `npm run build:cli`) first.');
}
const bundleFiles = (dir: string, prefix = ''): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? bundleFiles(join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith('.cjs') ? [`${prefix}${e.name}`] : [],
  );

let config: BuilderConfig;
let extra: PackagedFile[];
beforeAll(async () => {
  requireBuiltCli();
  config = readBuilderConfig();
  extra = await listExtraResources(REPO_ROOT, config);
});

describe('the file set carries the CLI', () => {
  it('resources/cli holds every module of the bundle (entry and chunks), no source maps', () => {
    const dests = extra.filter((f) => f.dest.startsWith('cli/')).map((f) => f.dest.slice('cli/'.length)).sort();
    expect(dests).toContain('hapyy.cjs');
    expect(dests).toEqual(bundleFiles(CLI_DIST).sort());
    expect(dests.filter((d) => d.endsWith('.map'))).toEqual([]);
  });

  it('resources/bin holds the launchers, the POSIX one executable', () => {
    const bin = extra.filter((f) => f.dest.startsWith('bin/'));
    expect(bin.map((f) => f.dest).sort()).toEqual(['bin/hapyy', 'bin/hapyy.cmd']);
    const posix = bin.find((f) => f.dest === 'bin/hapyy');
    expect(statSync(posix?.source ?? '').mode & 0o111).toBe(0o111);
    const cmd = readFileSync(bin.find((f) => f.dest === 'bin/hapyy.cmd')?.source ?? '', 'utf8');
    expect(cmd).toContain(`"%~dp0..\\..\\${config.productName}.exe" "%~dp0..\\cli\\hapyy.cjs" %*`);
    expect(cmd).toContain('set ELECTRON_RUN_AS_NODE=1');
  });

  it('app.asar does not carry a second copy of the bundle', async () => {
    const app = await listAppFiles(REPO_ROOT, config);
    expect(app.filter((f) => f.dest.startsWith('dist/cli/'))).toEqual([]);
  });

  it('the deb puts `hapyy` on PATH: /usr/bin/hapyy runs the launcher in the install folder', () => {
    const deb = z.looseObject({ fpm: z.array(z.string()) }).parse(config.deb);
    expect(deb.fpm).toContain('build/linux/hapyy=/usr/bin/hapyy');
    const shim = join(REPO_ROOT, 'build', 'linux', 'hapyy');
    expect(statSync(shim).mode & 0o111).toBe(0o111);
    // electron-builder installs a deb under /opt/<productName>.
    expect(readFileSync(shim, 'utf8')).toContain(`exec "/opt/${config.productName}/resources/bin/hapyy" "$@"`);
  });
});

describe('the launcher in a staged install', () => {
  let root: string;
  let resources: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hapyy-installed-'));
    resources = join(root, 'resources');
    await stageFiles(extra, resources);
    // The Linux layout: <root>/hapyy-desktop next to <root>/resources.
    symlinkSync(process.execPath, join(root, 'hapyy-desktop'));
    mkdirSync(join(root, 'path'));
    symlinkSync(join(resources, 'bin', 'hapyy'), join(root, 'path', 'hapyy'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const hapyy = (args: string[]) =>
    execa(join(root, 'path', 'hapyy'), args, { reject: false, cwd: root, env: { PATH: `${join(root, 'path')}:${process.env.PATH ?? ''}` } });

  it('--version prints the package version, from the bundle alone (no package.json beside it)', async () => {
    const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')));
    const r = await hapyy(['--version']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(pkg.version);
  });

  it('uses the installed resources: examples from resources/examples, and runs one', async () => {
    const listed = await hapyy(['examples', 'bash-verification', '--json']);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const examples = z.array(z.object({ id: z.string(), path: z.string() })).parse(JSON.parse(listed.stdout));
    expect(examples.length).toBeGreaterThan(0);
    for (const x of examples) expect(x.path.startsWith(join(resources, 'examples'))).toBe(true);
    const buggy = examples.find((x) => x.id === 'bash-quoting-bugs');
    const r = await hapyy(['run', 'bash-verification', buggy?.path ?? '', '--data-dir', join(root, 'data')]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/backup\.sh:\d+:\d+ {2}error {2}SC\d{4}/);
  });

  it('says plainly when the app binary is missing', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'hapyy-broken-'));
    try {
      await stageFiles(extra.filter((f) => f.dest.startsWith('bin/')), join(broken, 'resources'));
      const r = await execa(join(broken, 'resources', 'bin', 'hapyy'), ['--version'], { reject: false });
      expect(r.exitCode).toBe(4);
      expect(r.stderr).toMatch(/the Hapyy Desktop binary is not at .*hapyy-desktop; reinstall the app/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
