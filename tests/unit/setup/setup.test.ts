import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
// Plain .mjs modules (set-up runs before any TypeScript tooling is installed).
import { electronBinaryProblem } from '../../../scripts/electron-check.mjs';
import { PACKAGES, electronMissingLine, npmStep, systemPlan } from '../../../scripts/setup-plan.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'hapyy-setup-'));
  made.push(d);
  return d;
};

describe('set-up plan per platform', () => {
  const apt = PACKAGES.apt;
  it('Debian/Ubuntu as root: apt-get update, then install of the one package list, non-interactively', () => {
    const plan = systemPlan({ platform: 'linux', isRoot: true, has: (c) => c === 'apt-get' });
    expect(plan.print).toEqual([]);
    expect(plan.run.map((s) => s.argv.slice(0, 2))).toEqual([['apt-get', 'update'], ['apt-get', 'install']]);
    expect(plan.run[1]?.argv.slice(-apt.length)).toEqual(apt);
    expect(plan.run.every((s) => s.env?.DEBIAN_FRONTEND === 'noninteractive')).toBe(true);
  });
  it('Debian/Ubuntu without root: runs nothing, prints the exact sudo line', () => {
    const plan = systemPlan({ platform: 'linux', isRoot: false, has: (c) => c === 'apt-get' });
    expect(plan.run).toEqual([]);
    expect(plan.print).toEqual([`sudo apt-get update && sudo apt-get install -y --no-install-recommends ${apt.join(' ')}`]);
  });
  it('macOS: brew when present, else the brew lines to run', () => {
    const withBrew = systemPlan({ platform: 'darwin', isRoot: false, has: (c) => c === 'brew' });
    expect(withBrew.run.map((s) => s.argv.join(' '))).toEqual([
      `brew install ${PACKAGES.brew.join(' ')}`,
      `brew install --cask ${PACKAGES.brewCask.join(' ')}`,
    ]);
    const without = systemPlan({ platform: 'darwin', isRoot: false, has: () => false });
    expect(without.run).toEqual([]);
    expect(without.print).toEqual(withBrew.run.map((s) => s.argv.join(' ')));
  });
  it('Windows: prints winget and choco lines, runs nothing', () => {
    const plan = systemPlan({ platform: 'win32', isRoot: false, has: () => true });
    expect(plan.run).toEqual([]);
    expect(plan.print[0]).toContain('winget install --exact --id koalaman.shellcheck');
    expect(plan.print[1]).toBe(`choco install -y ${PACKAGES.choco.join(' ')}`);
  });
  it('npm never downloads Electron in the install step; CI uses the lockfile', () => {
    expect(npmStep({ ci: true })).toEqual({ argv: ['npm', 'ci', '--no-audit', '--no-fund'], env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    expect(npmStep({ ci: false }).argv[1]).toBe('install');
  });
});

describe('the one package list', () => {
  it('holds what the engines, the sandbox and the tests need', () => {
    for (const p of ['chromium', 'shellcheck', 'bubblewrap', 'procps', 'util-linux', 'python3', 'pyflakes3', 'zip', 'unzip', 'parallel', 'redis-server', 'ca-certificates']) {
      expect(PACKAGES.apt).toContain(p);
    }
  });
  it('CI runs exactly the README’s two commands, plus lint and types, with no package list of its own', () => {
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    const commands = ci.split('\n').map((l) => l.trim()).filter((l) => /^npm /.test(l)).map((l) => l.replace(/\s*<\/dev\/null.*$/, ''));
    expect(commands).toEqual(['npm run setup', 'npm run lint', 'npm run typecheck', 'npm test']);
    expect(ci).not.toMatch(/apt-get install/);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## The command line'));
    const block = /```sh\n([\s\S]*?)```/.exec(quick)?.[1] ?? '';
    expect(block.split('\n').filter(Boolean).map((l) => l.replace(/\s*#.*$/, ''))).toEqual(['npm run setup', 'npm test']);
  });
});

describe('Electron binary check (npm start and set-up)', () => {
  it('finds the binary the way the electron package does: path.txt names a file under dist/', () => {
    const root = temp();
    const pkg = join(root, 'node_modules', 'electron');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    expect(electronBinaryProblem(root)).toBe('it was never downloaded');
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(electronBinaryProblem(root)).toBe('node_modules/electron/dist/electron is missing');
    writeFileSync(join(pkg, 'dist', 'electron'), '');
    expect(electronBinaryProblem(root)).toBeNull();
  });

  it('npm start’s check prints the one line and fails when the binary is missing', async () => {
    const root = temp();
    mkdirSync(join(root, 'scripts'));
    for (const f of ['check-electron.mjs', 'electron-check.mjs', 'setup-plan.mjs', 'system-packages.json']) {
      writeFileSync(join(root, 'scripts', f), readFileSync(join(ROOT, 'scripts', f)));
    }
    mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true });
    const r = await execa(process.execPath, [join(root, 'scripts', 'check-electron.mjs')], { reject: false, env: { ELECTRON_OVERRIDE_DIST_PATH: '' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`npm start: ${electronMissingLine('it was never downloaded')}`);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('node node_modules/electron/install.js');
  });
});
