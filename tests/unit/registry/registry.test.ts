import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildArgs, Registry } from '../../../main/registry';
import type { RegistryOptions } from '../../../main/registry';
import { findOnPath } from '../../../main/registry/path-lookup';
import type { ToolStatus } from '../../../shared/contract';
import { ToolStatusSchema } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Settings } from '../../../shared/settings';
import { isAlive, removeDir, settingsWith, tempDir, TSC_SCRIPT, writeScript, status } from './helpers';

const SHELLCHECK = await findOnPath('shellcheck', { pathEnv: process.env.PATH ?? '', platform: process.platform });
// CI installs ShellCheck: there its absence is a failure, elsewhere those tests are skipped (and reported as skipped).
if (!SHELLCHECK && process.env.CI) throw new Error('ShellCheck is required in CI');
const SHELLCHECK_DIR = SHELLCHECK ? path.dirname(SHELLCHECK) : '';

describe('Registry detection (real processes on a temporary PATH)', () => {
  let dir: string;
  let bin: string;
  beforeEach(async () => {
    dir = await tempDir();
    bin = path.join(dir, 'bin');
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  const registry = (patch: Partial<Settings> = {}, opts: Partial<RegistryOptions> = {}) =>
    new Registry({
      settings: settingsWith(patch),
      bundled: {},
      nodeRuntime: { command: process.execPath, env: {} },
      envPath: bin,
      platform: 'linux',
      loginShellPath: async () => undefined,
      probeTimeoutMs: 3000,
      ...opts,
    });

  it('before any scan lists every tool as unavailable, not checked yet', () => {
    const list = registry().list();
    expect(list).toHaveLength(8);
    for (const s of list) {
      expect(s.available).toBe(false);
      expect(s.lookedFor.every((l) => l.reason === 'not checked yet')).toBe(true);
    }
    expect(() => registry().resolve('bash-verification')).toThrowError(/not checked yet/);
  });

  it('shows a missing engine as unavailable, with every name it looked for and how to install', async () => {
    const r = registry();
    const list = await r.detect();
    for (const s of list) expect(ToolStatusSchema.safeParse(s).success).toBe(true);
    const bash = status(list, 'bash-verification');
    expect(bash.available).toBe(false);
    expect(bash.engine).toBeNull();
    expect(bash.lookedFor).toEqual([
      { engine: 'Hapyy CLI', commands: ['hupyy-bash-verify'], reason: 'not found on PATH' },
      { engine: 'ShellCheck', commands: ['shellcheck'], reason: 'not found on PATH' },
    ]);
    expect(bash.install.join('\n')).toMatch(/hupyy-bash-verify[\s\S]*Install ShellCheck/);
    expect(status(list, 'python-linter').lookedFor.flatMap((l) => l.commands)).toEqual(['hupyy-python-lint', 'ruff', 'pyflakes', 'pyflakes3']);
    expect(status(list, 'typescript-linter').lookedFor[1]?.reason).toMatch(/tsc is not bundled/);

    const err = (() => {
      try {
        r.resolve('bash-verification');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unavailable');
    expect((err as AppError).message).toMatch(/hupyy-bash-verify.*shellcheck.*Install ShellCheck/s);
    expect(() => r.resolve('no-such-tool')).toThrowError(expect.objectContaining({ code: 'not-found' }) as Error);
  });

  it('detects a fake hupyy-bash-verify and prefers it over ShellCheck', async () => {
    const fake = await writeScript(bin, 'hupyy-bash-verify', 'echo "hupyy-bash-verify 1.4.2"');
    const r = registry({}, { envPath: SHELLCHECK_DIR ? `${bin}:${SHELLCHECK_DIR}` : bin });
    const bash = status(await r.detect(), 'bash-verification');
    expect(bash.available).toBe(true);
    expect(bash.engine).toEqual({ id: 'hapyy', name: 'Hapyy CLI', version: '1.4.2', path: fake });
    expect(bash.lookedFor).toEqual([]);
    const resolved = r.resolve('bash-verification');
    expect(resolved.command).toBe(fake);
    expect(resolved.argsPrefix).toEqual([]);
    expect(await buildArgs(resolved.engine, '/in', '/out')).toEqual(['--input', '/in']);
  });

  it('detect(toolIds) probes only those tools; the others stay unchecked and no change is announced', async () => {
    const probed = path.join(dir, 'probed');
    const fake = await writeScript(bin, 'hupyy-bash-verify', `echo bash >> "${probed}"; echo "hupyy-bash-verify 1.4.2"`);
    await writeScript(bin, 'ruff', `echo ruff >> "${probed}"; echo "ruff 0.9.0"`);
    const r = registry();
    let changes = 0;
    r.onChange(() => (changes += 1));
    const only = await r.detect(['bash-verification']);
    expect(only.map((s) => s.tool.id)).toEqual(['bash-verification']);
    expect(r.resolve('bash-verification').command).toBe(fake);
    expect((await readFile(probed, 'utf8')).trim().split('\n')).toEqual(['bash']);
    expect(status(r.list(), 'python-linter').lookedFor.every((l) => l.reason === 'not checked yet')).toBe(true);
    expect(changes).toBe(0);
    // A full scan afterwards sees everything, and announces it.
    expect(status(await r.detect(), 'python-linter').available).toBe(true);
    expect(changes).toBe(1);
  });

  it.skipIf(!SHELLCHECK)('falls back to ShellCheck when the Hapyy CLI does not answer, and says why', async () => {
    await writeScript(bin, 'hupyy-bash-verify', 'echo "broken install" >&2; exit 1');
    const r = registry({}, { envPath: `${bin}:${SHELLCHECK_DIR}` });
    const bash = status(await r.detect(), 'bash-verification');
    expect(bash.engine).toMatchObject({ id: 'shellcheck', name: 'ShellCheck', path: SHELLCHECK });
    expect(bash.engine?.version).toMatch(/^\d+\.\d+/);
    expect(bash.lookedFor).toHaveLength(1);
    expect(bash.lookedFor[0]?.reason).toMatch(/exited with code 1: broken install/);
    expect(bash.install).toHaveLength(1);
  });

  it('reports a hanging probe unavailable within the probe limit, and kills it', async () => {
    const pidFile = path.join(dir, 'sleep.pid');
    // The probe's PATH is the registry's (bin only): name sleep absolutely.
    const sleep = await findOnPath('sleep', { pathEnv: process.env.PATH ?? '', platform: process.platform });
    await writeScript(bin, 'hupyy-bash-verify', `"${sleep}" 120 &\necho $! > "${pidFile}"\nwait`);
    const r = registry({}, { probeTimeoutMs: 600 });
    // The probe's child idles for 120 s, past this test's time limit: detect() returning at all is the give-up.
    const bash = status(await r.detect(), 'bash-verification');
    expect(bash.available).toBe(false);
    expect(bash.lookedFor[0]?.reason).toMatch(/did not answer within 600 ms/);
    expect(isAlive(Number(await readFile(pidFile, 'utf8')))).toBe(false);
  });

  it('looks at the configured path first and matches it to the engine it names', async () => {
    const elsewhere = path.join(dir, 'opt');
    const mine = await writeScript(elsewhere, 'my-verifier', 'echo "2.0.0"');
    const sc = await writeScript(path.join(elsewhere, 'sc'), 'shellcheck', 'echo "version: 0.10.0"');
    let list = await registry({ enginePaths: { 'bash-verification': mine } }).detect();
    expect(status(list, 'bash-verification').engine).toEqual({ id: 'hapyy', name: 'Hapyy CLI', version: '2.0.0', path: mine });
    list = await registry({ enginePaths: { 'bash-verification': sc } }).detect();
    expect(status(list, 'bash-verification').engine).toMatchObject({ id: 'shellcheck', version: '0.10.0', path: sc });
  });

  it('falls back to PATH when the configured path is wrong, and says so', async () => {
    const onPath = await writeScript(bin, 'hupyy-bash-verify', 'echo 1.0.0');
    const bad = path.join(dir, 'nowhere', 'hupyy-bash-verify');
    let bash = status(await registry({ enginePaths: { 'bash-verification': bad } }).detect(), 'bash-verification');
    expect(bash.engine?.path).toBe(onPath);
    expect(bash.lookedFor).toEqual([{ engine: 'Hapyy CLI (configured path)', commands: [bad], reason: `${bad} does not exist or is not executable` }]);
    bash = status(await registry({ enginePaths: { 'bash-verification': 'relative/tool' } }).detect(), 'bash-verification');
    expect(bash.lookedFor[0]?.reason).toMatch(/not absolute/);
  });

  it("merges the login shell's PATH and hands it to the engine", async () => {
    const shellBin = path.join(dir, 'login-bin');
    const fake = await writeScript(shellBin, 'hupyy-cpp2c', 'echo "hupyy-cpp2c 0.3.1"');
    const r = registry({}, { loginShellPath: async () => shellBin });
    const s = status(await r.detect(), 'cpp-to-c-transpiler');
    expect(s.engine?.path).toBe(fake);
    expect(r.resolve('cpp-to-c-transpiler').env.PATH?.split(':')).toEqual([bin, shellBin]);
  });

  it('runs the bundled tsc with the given Node runtime and its env', async () => {
    const r = registry({}, { bundled: { tsc: TSC_SCRIPT }, nodeRuntime: { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } } });
    const ts = status(await r.detect(), 'typescript-linter');
    expect(ts.engine).toMatchObject({ id: 'tsc', path: TSC_SCRIPT });
    expect(ts.engine?.version).toMatch(/^\d+\.\d+\.\d+/);
    const resolved = r.resolve('typescript-linter');
    expect(resolved).toMatchObject({ command: process.execPath, argsPrefix: [TSC_SCRIPT], env: { ELECTRON_RUN_AS_NODE: '1' } });
  });

  it('reports a bundled script that is missing', async () => {
    const r = registry({}, { bundled: { tsc: path.join(dir, 'gone', 'tsc') } });
    const ts = status(await r.detect(), 'typescript-linter');
    expect(ts.available).toBe(false);
    expect(ts.lookedFor[1]?.reason).toMatch(/bundled tsc is missing/);
  });

  it('loads valid custom tools next to a bad one, and detects them without a probe', async () => {
    await writeScript(bin, 'mylint', 'echo should-not-be-probed; exit 1');
    const abs = await writeScript(path.join(dir, 'abs'), 'other-lint', 'exit 1');
    const base = { category: 'linter', sourceLanguage: 'python' };
    const r = registry({
      customTools: [
        { ...base, id: 'my-lint', name: 'My lint', command: 'mylint' },
        { ...base, id: 'broken', name: 'Broken', command: 'mylint', timeoutSec: 'soon' },
        { ...base, id: 'abs-lint', name: 'Abs lint', command: abs, args: ['{input}', '{output}'] },
        { ...base, id: 'gone-lint', name: 'Gone lint', command: 'not-installed-lint' },
      ],
    });
    expect(r.customToolProblems()).toEqual([{ field: 'customTools[1].timeoutSec', message: expect.stringMatching(/number/) as string }]);
    expect(r.tools().map((t) => t.id).slice(8)).toEqual(['my-lint', 'abs-lint', 'gone-lint']);
    const list = await r.detect();
    expect(list).toHaveLength(11);
    expect(status(list, 'my-lint').engine).toEqual({ id: 'custom', name: 'My lint', version: 'custom', path: path.join(bin, 'mylint') });
    expect(status(list, 'abs-lint').engine?.path).toBe(abs);
    const gone = status(list, 'gone-lint');
    expect(gone.available).toBe(false);
    expect(gone.lookedFor).toEqual([{ engine: 'Gone lint', commands: ['not-installed-lint'], reason: 'not found on PATH' }]);
  });

  it('emits changed on the first scan and when availability changes, not otherwise', async () => {
    const r = registry();
    const events: ToolStatus[][] = [];
    const off = r.onChange((list) => events.push(list));
    await r.detect();
    expect(events).toHaveLength(1);
    await r.detect();
    expect(events).toHaveLength(1);
    await writeScript(bin, 'hupyy-java-verify', 'echo 1.0.0');
    await r.detect();
    expect(events).toHaveLength(2);
    expect(status(events[1] ?? [], 'java-verification').available).toBe(true);
    await writeScript(bin, 'hupyy-java-verify', 'echo 1.0.1');
    await r.detect();
    expect(events).toHaveLength(3);
    off();
    await writeScript(bin, 'hupyy-java-verify', 'exit 1');
    await r.detect();
    expect(events).toHaveLength(3);
    expect(r.list().find((s) => s.tool.id === 'java-verification')?.available).toBe(false);
  });

  it('rescans requested during a scan share one scan after it', async () => {
    const counter = path.join(dir, 'probes');
    await writeScript(bin, 'hupyy-rust-verify', `echo x >> "${counter}"\necho 0.9.0`);
    const r = registry();
    const first = r.detect();
    const second = r.detect();
    const third = r.detect();
    expect(second).toBe(third);
    expect(second).not.toBe(first);
    const [a, b] = await Promise.all([first, second]);
    expect(status(a, 'rust-verification').available).toBe(true);
    expect(b).not.toBe(a);
    expect((await readFile(counter, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('idle() resolves only after every scan started (a queued rescan and a partial one too) has ended', async () => {
    const counter = path.join(dir, 'probes');
    await writeScript(bin, 'hupyy-rust-verify', `echo x >> "${counter}"\necho 0.9.0`);
    const r = registry();
    await r.idle(); // nothing running: at once
    const ended: string[] = [];
    void r.detect().then(() => ended.push('first'));
    void r.detect().then(() => ended.push('queued'));
    void r.detect(['rust-verification']).then(() => ended.push('partial'));
    await r.idle();
    expect(ended.sort()).toEqual(['first', 'partial', 'queued']);
    expect((await readFile(counter, 'utf8')).trim().split('\n')).toHaveLength(3);
  });

  it('a custom tool edited after the scan reads not checked yet until the next scan', async () => {
    await writeScript(bin, 'mylint', 'true');
    let tools: unknown[] = [{ id: 'my-lint', name: 'My lint', category: 'linter', sourceLanguage: 'python', command: 'mylint' }];
    const r = new Registry({
      settings: () => ({ ...settingsWith({})(), customTools: tools }),
      bundled: {},
      nodeRuntime: { command: process.execPath, env: {} },
      envPath: bin,
      loginShellPath: async () => undefined,
    });
    await r.detect();
    expect(r.resolve('my-lint').command).toBe(path.join(bin, 'mylint'));
    tools = [{ id: 'my-lint', name: 'My lint', category: 'linter', sourceLanguage: 'python', command: 'otherlint' }];
    expect(() => r.resolve('my-lint')).toThrowError(/not checked yet/);
    await r.detect();
    expect(() => r.resolve('my-lint')).toThrowError(/otherlint/);
  });
});
