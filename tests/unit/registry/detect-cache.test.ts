import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Registry, type RegistryOptions } from '../../../main/registry';
import { versionCache } from '../../../main/services/version-cache';
import { BUILTIN_TOOLS } from '../../../shared/tools';
import { removeDir, settingsWith, tempDir, writeScript, status } from './helpers';

describe('engine detection: every tool at once, version answers kept between processes', () => {
  let dir: string;
  let bin: string;
  let data: string;
  beforeEach(async () => {
    dir = await tempDir();
    bin = path.join(dir, 'bin');
    data = path.join(dir, 'data');
    await mkdir(data);
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  const registry = (opts: Partial<RegistryOptions> = {}) =>
    new Registry({
      settings: settingsWith({}),
      bundled: {},
      nodeRuntime: { command: process.execPath, env: {} },
      envPath: bin,
      platform: 'linux',
      loginShellPath: async () => undefined,
      probeTimeoutMs: 3000,
      ...opts,
    });
  const probes = async (log: string) => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

  it('probes all tools concurrently: each probe waits until every probe has started (a bound of 4 would time them out)', async () => {
    const starts = path.join(dir, 'starts');
    const commands = BUILTIN_TOOLS.map((t) => t.execution.engines.find((e) => e.kind === 'executable' && e.versionArgs.length > 0)?.commands[0]).filter(
      (c): c is string => c !== undefined,
    );
    expect(new Set(commands).size).toBe(commands.length);
    expect(commands.length).toBeGreaterThan(4);
    for (const c of commands) {
      // Polls (with its own deadline) until every tool's probe has started, then answers. Absolute paths: a probe's
      // PATH is the registry's search PATH (bin/ alone here).
      await writeScript(
        bin,
        c,
        `echo x >> "${starts}"; i=0; while [ "$(/usr/bin/wc -l < "${starts}")" -lt ${commands.length} ]; do i=$((i+1)); [ $i -gt 1000 ] && exit 3; /bin/sleep 0.02; done; echo "${c} 1.0.0"`,
      );
    }
    // A generous probe limit: on a loaded machine starting eight shells takes a while; the barrier is what is tested.
    const list = await registry({ probeTimeoutMs: 20_000 }).detect();
    for (const t of BUILTIN_TOOLS) {
      if (commands.some((c) => t.execution.engines.some((e) => e.commands[0] === c))) expect(status(list, t.id).available, t.id).toBe(true);
    }
  });

  it('a second process reuses the version answer while the executable is unchanged, and probes again once it changes', async () => {
    const log = path.join(dir, 'probes');
    const fake = await writeScript(bin, 'hupyy-bash-verify', `echo probe >> "${log}"; echo "hupyy-bash-verify 1.4.2"`);
    const first = status(await registry({ versionCache: versionCache(data) }).detect(['bash-verification']), 'bash-verification');
    expect(first.engine?.version).toBe('1.4.2');
    expect(await probes(log)).toBe(1);

    // A new Registry (as a new `hapyy` process would make) with the same data folder: no probe runs.
    const again = registry({ versionCache: versionCache(data) });
    expect(status(await again.detect(['bash-verification']), 'bash-verification').engine).toEqual(first.engine);
    expect(again.resolve('bash-verification').command).toBe(fake);
    expect(await probes(log)).toBe(1);

    // An upgrade (new content, new size and times) is probed again and its new version seen.
    await writeFile(fake, `#!/bin/sh\necho probe >> "${log}"; echo "hupyy-bash-verify 1.5.0 (upgraded)"\n`);
    await chmod(fake, 0o755);
    const upgraded = status(await registry({ versionCache: versionCache(data) }).detect(['bash-verification']), 'bash-verification');
    expect(upgraded.engine?.version).toBe('1.5.0');
    expect(await probes(log)).toBe(2);
  });

  it('a failed probe is not remembered: the next process asks again', async () => {
    const log = path.join(dir, 'probes');
    await writeScript(bin, 'hupyy-bash-verify', `echo probe >> "${log}"; echo broken >&2; exit 1`);
    for (let i = 1; i <= 2; i += 1) {
      const s = status(await registry({ versionCache: versionCache(data) }).detect(['bash-verification']), 'bash-verification');
      expect(s.lookedFor[0]?.reason).toMatch(/exited with code 1: broken/);
      expect(await probes(log)).toBe(i);
    }
  });

  it('without a cache every detection probes', async () => {
    const log = path.join(dir, 'probes');
    await writeScript(bin, 'hupyy-bash-verify', `echo probe >> "${log}"; echo "hupyy-bash-verify 1.4.2"`);
    await registry().detect(['bash-verification']);
    await registry().detect(['bash-verification']);
    expect(await probes(log)).toBe(2);
  });
});
