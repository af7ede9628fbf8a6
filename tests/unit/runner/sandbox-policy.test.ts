import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunLimitsSchema } from '../../../shared/settings';
import type { Facilities } from '../../../main/runner/facilities';
import { planLaunch } from '../../../main/runner/launch-plan';
import { buildPolicy, bwrapArgs, sandboxExecArgs, seatbeltProfile, type SandboxPolicy } from '../../../main/runner/sandbox';

/** A policy as the builder makes it for a run under /tmp with an engine copied under /tmp too. */
const POLICY: SandboxPolicy = {
  readOnly: ['/usr', '/etc', '/opt', '/tmp/ci/app/node_modules/typescript'],
  symlinks: [
    { path: '/bin', target: 'usr/bin' },
    { path: '/home/u/.local/bin/ruff', target: '/home/u/.local/pipx/venvs/ruff/bin/ruff' },
  ],
  writable: ['/tmp/ci/data/runs/j1/input', '/tmp/ci/data/runs/j1/output', '/tmp/ci/data/runs/j1/tmp', '/tmp/ci/data/runs/j1/home'],
  hidden: [
    { path: '/etc/shadow', kind: 'file' },
    { path: '/etc/ssh', kind: 'dir' },
  ],
  privateTmp: { path: '/tmp', sizeBytes: 1048576 },
  network: false,
  cwd: '/tmp/ci/data/runs/j1/input',
  engineFolders: ['/tmp/ci/app/node_modules/typescript'],
};

/** The destinations of every `<flag> <src> <dest>`. */
const pairs = (args: string[], flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 2] ?? ''] : []));

describe('bubblewrap arguments from a policy', () => {
  const args = bwrapArgs(POLICY);
  const at = (...seq: string[]): number => args.findIndex((_, i) => seq.every((s, j) => args[i + j] === s));

  it('binds only what the policy names: never the whole root', () => {
    expect(at('--ro-bind', '/', '/')).toBe(-1);
    expect(at('--bind', '/', '/')).toBe(-1);
    expect(pairs(args, '--ro-bind').sort()).toEqual([...POLICY.readOnly, '/etc/shadow'].sort());
    expect(pairs(args, '--bind')).toEqual(POLICY.writable);
    for (const gone of ['/home', '/root', '/run', '/var', '/media', '/mnt', '/srv']) expect(args).not.toContain(gone);
  });

  it('isolates network, processes and privileges', () => {
    for (const flag of ['--unshare-net', '--unshare-pid', '--unshare-ipc', '--die-with-parent', '--new-session']) expect(args).toContain(flag);
    expect(at('--cap-drop', 'ALL')).toBeGreaterThanOrEqual(0);
  });

  it('mounts parents before children, then makes the root read-only', () => {
    const tmp = at('--size', '1048576', '--tmpfs', '/tmp');
    expect(tmp).toBeGreaterThan(0);
    expect(at('--ro-bind', '/tmp/ci/app/node_modules/typescript', '/tmp/ci/app/node_modules/typescript')).toBeGreaterThan(tmp);
    expect(at('--bind', POLICY.writable[0] as string, POLICY.writable[0] as string)).toBeGreaterThan(tmp);
    expect(at('--ro-bind', '/dev/null', '/etc/shadow')).toBeGreaterThan(at('--ro-bind', '/etc', '/etc'));
    expect(at('--tmpfs', '/etc/ssh')).toBeGreaterThan(at('--ro-bind', '/etc', '/etc'));
    expect(at('--symlink', 'usr/bin', '/bin')).toBeGreaterThanOrEqual(0);
    expect(args.slice(-5)).toEqual(['--remount-ro', '/', '--chdir', POLICY.cwd, '--']);
  });
});

describe('the Seatbelt profile from the same policy', () => {
  it('matches the golden profile', async () => {
    const { profile, params } = seatbeltProfile(POLICY);
    await expect(profile).toMatchFileSnapshot('./golden/seatbelt-policy.sb');
    expect(params).toEqual({
      READ_0: '/usr',
      READ_1: '/etc',
      READ_2: '/opt',
      READ_3: '/tmp/ci/app/node_modules/typescript',
      LINK_0: '/bin',
      LINK_1: '/home/u/.local/bin/ruff',
      WRITE_0: '/tmp/ci/data/runs/j1/input',
      WRITE_1: '/tmp/ci/data/runs/j1/output',
      WRITE_2: '/tmp/ci/data/runs/j1/tmp',
      WRITE_3: '/tmp/ci/data/runs/j1/home',
      HIDE_0: '/etc/shadow',
      HIDE_1: '/etc/ssh',
    });
  });

  it('denies by default, allows no network, and never splices a path into the profile text', () => {
    const odd: SandboxPolicy = { ...POLICY, writable: ['/tmp/x") (allow default) ("'] };
    const { profile } = seatbeltProfile(odd);
    expect(profile).toMatch(/^\(version 1\)\n\(deny default\)\n/);
    expect(profile).not.toMatch(/\(allow (default|network)/);
    expect(profile).not.toContain('/tmp/x');
    expect(profile).not.toContain('/usr"');
    const args = sandboxExecArgs(odd);
    expect(args.slice(0, 2)).toEqual(['-p', profile]);
    expect(args).toContain('WRITE_0=/tmp/x") (allow default) ("');
  });
});

describe('building a policy from a command line', () => {
  let base = '';
  let home = '';
  const run = () => path.join(base, 'data', 'runs', 'j1');
  const writable = () => ['input', 'output', 'tmp', 'home'].map((w) => path.join(run(), w));
  const build = (command: string, args: string[] = []) =>
    buildPolicy({ platform: 'linux', runDirs: [run()], writable: writable(), cwd: writable()[0] as string, command, args, pathVar: '/usr/bin:/bin', tmpfsBytes: null, homes: [home] });

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'hapyy-policy-'));
    home = path.join(base, 'home', 'u');
    await mkdir(path.join(run(), 'input'), { recursive: true });
    const exe = async (p: string, text = '#!/bin/sh\n') => {
      await mkdir(path.dirname(p), { recursive: true });
      await writeFile(p, text);
      await chmod(p, 0o755);
    };
    await exe(path.join(home, 'proj', 'node_modules', 'typescript', 'bin', 'tsc'), '#!/usr/bin/env node\n');
    await exe(path.join(home, 'proj', 'node_modules', '@scope', 'tool', 'dist', 'cli.js'));
    await exe(path.join(home, '.local', 'pipx', 'venvs', 'ruff', 'bin', 'ruff'), `#!${path.join(home, '.local', 'pipx', 'venvs', 'ruff', 'bin', 'python')}\n`);
    await writeFile(path.join(home, '.local', 'pipx', 'venvs', 'ruff', 'pyvenv.cfg'), 'home = /usr/bin\n');
    await exe(path.join(home, '.local', 'pipx', 'venvs', 'ruff', 'bin', 'python'));
    await mkdir(path.join(home, '.local', 'bin'), { recursive: true });
    await symlink(path.join(home, '.local', 'pipx', 'venvs', 'ruff', 'bin', 'ruff'), path.join(home, '.local', 'bin', 'ruff'));
    await exe(path.join(home, '.local', 'bin', 'shellcheck'));
    await exe(path.join(home, 'standalone'));
    await exe(path.join(base, 'app', 'resources', 'typescript', 'bin', 'tsc'));
    await writeFile(path.join(base, 'app', 'resources', 'typescript', 'package.json'), '{}');
  });
  afterAll(async () => {
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('shows the system folders the host has, and symlinks as symlinks', async () => {
    const p = await build('/bin/sh');
    expect(p.readOnly).toEqual(expect.arrayContaining(['/usr', '/etc']));
    expect(p.engineFolders).toEqual([]);
    expect(p.network).toBe(false);
    for (const gone of ['/', '/home', '/root', '/run', '/var', '/tmp', '/media', '/mnt', os.homedir()]) expect(p.readOnly).not.toContain(gone);
  });

  it("an npm package: the package folder only, for the program and for the interpreter `env` finds", async () => {
    const tsc = path.join(home, 'proj', 'node_modules', 'typescript', 'bin', 'tsc');
    expect((await build(process.execPath, [tsc])).engineFolders).toEqual([path.join(home, 'proj', 'node_modules', 'typescript')]);
    const scoped = path.join(home, 'proj', 'node_modules', '@scope', 'tool', 'dist', 'cli.js');
    expect((await build(scoped)).engineFolders).toEqual([path.join(home, 'proj', 'node_modules', '@scope', 'tool')]);
  });

  it("the packaged app's tsc (resources/typescript/bin/tsc, no node_modules): its package folder", async () => {
    const tsc = path.join(base, 'app', 'resources', 'typescript', 'bin', 'tsc');
    expect((await build('/usr/bin/node', [tsc])).engineFolders).toEqual([path.join(base, 'app', 'resources', 'typescript')]);
  });

  it('pipx: the symlink is followed to its venv, which is shown; the symlink is recreated', async () => {
    const p = await build(path.join(home, '.local', 'bin', 'ruff'));
    expect(p.engineFolders).toEqual([path.join(home, '.local', 'pipx', 'venvs', 'ruff')]);
    expect(p.symlinks).toContainEqual({ path: path.join(home, '.local', 'bin', 'ruff'), target: path.join(home, '.local', 'pipx', 'venvs', 'ruff', 'bin', 'ruff') });
  });

  it('a program in a bin folder or right in the home: that file alone, never the folder or the home', async () => {
    expect((await build(path.join(home, '.local', 'bin', 'shellcheck'))).engineFolders).toEqual([path.join(home, '.local', 'bin', 'shellcheck')]);
    expect((await build(path.join(home, 'standalone'))).engineFolders).toEqual([path.join(home, 'standalone')]);
  });

  it('arguments inside the run, and folders, are not exposed', async () => {
    const p = await build('/bin/sh', [path.join(run(), 'input'), path.join(home, 'proj'), home]);
    expect(p.engineFolders).toEqual([]);
  });
});

describe('the launch on macOS', () => {
  it('puts the tool under sandbox-exec with the profile from the same policy, and records it', async () => {
    const f: Facilities = {
      platform: 'darwin',
      bwrap: null,
      bwrapDetail: 'Linux only',
      seatbelt: '/usr/bin/sandbox-exec',
      seatbeltDetail: 'works',
      prlimit: null,
      prlimitDetail: 'Linux only',
      cgroups: { memory: null, pids: null, memoryDetail: '', pidsDetail: '' },
    };
    const runDir = '/private/var/folders/xy/T/hapyy/runs/j1';
    const plan = await planLaunch(f, null, { command: '/bin/sh', args: ['-c', 'true'], runDirs: [runDir], cwd: `${runDir}/input`, limits: RunLimitsSchema.parse({}), sandbox: true, pathVar: '/usr/bin:/bin' });
    expect(plan.file).toBe('/usr/bin/sandbox-exec');
    expect(plan.args[0]).toBe('-p');
    expect(plan.args[1]).toMatch(/^\(version 1\)\n\(deny default\)/);
    expect(plan.args).toContain(`WRITE_0=${runDir}/input`);
    expect(plan.args.slice(-3)).toEqual(['/bin/sh', '-c', 'true']);
    expect(plan.protections).toEqual(expect.arrayContaining(['seatbelt', 'no-network', 'private-files', 'read-only-system']));
    expect(plan.protections).not.toContain('bubblewrap');
    const off = await planLaunch(f, null, { command: '/bin/sh', args: [], runDirs: [runDir], cwd: runDir, limits: RunLimitsSchema.parse({}), sandbox: false, pathVar: undefined });
    expect(off.file).toBe('/bin/sh');
    expect(off.protections).not.toContain('seatbelt');
  });
});
