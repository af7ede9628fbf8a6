import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractMarkedPath, loginShellPath } from '../../../main/registry/login-shell-path';
import { parseVersion, probeVersion } from '../../../main/registry/probe';
import { isAlive, removeDir, tempDir, writeScript } from './helpers';

describe('parseVersion', () => {
  it('takes the version-ish token of the first line that has one', () => {
    expect(parseVersion('ShellCheck - shell script analysis tool\nversion: 0.9.0\nlicense: GPL')).toBe('0.9.0');
    expect(parseVersion('Version 5.9.3\n')).toBe('5.9.3');
    expect(parseVersion('ruff 0.6.9')).toBe('0.6.9');
    expect(parseVersion('3.2.0 Python 3.11.7 on Linux')).toBe('3.2.0');
    expect(parseVersion('hupyy-bash-verify v1.4.2-beta.1 (abc)')).toBe('1.4.2-beta.1');
  });
  it('finds nothing without a version number', () => {
    expect(parseVersion('\n  dev build  \n')).toBeUndefined();
    expect(parseVersion('tool: 2: sleep: not found')).toBeUndefined();
    expect(parseVersion(' \n\n')).toBeUndefined();
  });
});

describe('probeVersion (real processes)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });
  const probe = (file: string, timeoutMs = 3000) => probeVersion(file, ['--version'], { timeoutMs, label: 'x --version' });

  it('reads a version printed on stderr', async () => {
    const file = await writeScript(dir, 'tool', 'echo "tool version 2.1" >&2');
    expect(await probe(file)).toEqual({ ok: true, version: '2.1' });
  });

  it('reports a non-zero exit with its first line', async () => {
    const file = await writeScript(dir, 'tool', 'echo "unknown option --version" >&2; exit 3');
    const r = await probe(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/exited with code 3: unknown option --version/);
  });

  it('refuses an answer with no version number', async () => {
    const silent = await writeScript(dir, 'silent', 'exit 0');
    expect(await probe(silent)).toEqual({ ok: false, reason: '`x --version` printed no version number' });
    const chatty = await writeScript(dir, 'chatty', 'echo "usage: chatty [options]"');
    expect(await probe(chatty)).toEqual({ ok: false, reason: '`x --version` printed no version number: usage: chatty [options]' });
  });

  it('reports a command that cannot start', async () => {
    const r = await probe(path.join(dir, 'missing'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/could not run: not found/);
  });

  it('kills a hanging probe and its children within the limit', async () => {
    const pidFile = path.join(dir, 'sleep.pid');
    const file = await writeScript(dir, 'tool', `sleep 120 &\necho $! > "${pidFile}"\nwait`);
    // The child idles for 120 s, past this test's time limit: probe() returning at all is the give-up.
    const r = await probe(file, 500);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/did not answer within 500 ms/);
    const { readFile } = await import('node:fs/promises');
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });
});

describe('login shell PATH', () => {
  it('extracts the PATH between the markers, around banners', () => {
    expect(extractMarkedPath('Welcome!\n__HAPYY_PATH__/opt/homebrew/bin:/usr/bin__HAPYY_PATH__\nbye')).toBe('/opt/homebrew/bin:/usr/bin');
    expect(extractMarkedPath('no markers')).toBeUndefined();
    expect(extractMarkedPath('__HAPYY_PATH__unterminated')).toBeUndefined();
  });

  it("reads a real login shell's PATH", async () => {
    const value = await loginShellPath('/bin/sh', 5000);
    expect(value).toBeDefined();
    expect(value?.split(':')).toContain('/usr/bin');
  });

  it('gives up on a shell that hangs, within its limit', async () => {
    const dir = await tempDir();
    try {
      // exec: the shell becomes the 120 s sleep (past this test's time limit), so returning at all is the give-up.
      const shell = await writeScript(dir, 'slowsh', 'exec sleep 120');
      expect(await loginShellPath(shell, 400)).toBeUndefined();
      expect(await loginShellPath('relative-shell', 400)).toBeUndefined();
    } finally {
      await removeDir(dir);
    }
  });
});
