import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashCompletionSubset, debianPath, debianScripts } from './corpus';
import { runDirect } from './engines';
import { Hapyy } from './hapyy';

// Debian's own code, as installed by .ci/run: each engine in place, then the same folder through Hapyy.
describe('parity on Debian packages', () => {
  let hapyy: Hapyy;
  beforeAll(async () => {
    hapyy = await Hapyy.start();
  });
  afterAll(async () => {
    await hapyy.dispose();
  });

  it('ShellCheck on Debian scripts from /usr/bin and /usr/sbin (no extension: found by their shebang)', async () => {
    const { dir, files } = debianScripts(40);
    expect(files.length).toBeGreaterThanOrEqual(10);
    const direct = await runDirect('shellcheck', dir, files);
    const run = await hapyy.run(dir, 'bash-verification');
    expect(run.engine).toBe('shellcheck');
    expect(direct.findings.length).toBeGreaterThan(0);
    expect(run.findings).toEqual(direct.findings);
    expect(new Set(run.findings.map((f) => f.file)).size).toBeGreaterThan(1);
  });

  it('ShellCheck on bash-completion (scripts marked only by a shell-script mode line)', async () => {
    const { dir, files, unmarked } = bashCompletionSubset('ab');
    expect(files.length).toBeGreaterThanOrEqual(20);
    // Files with no marker at all (util-linux's completions) are not shell scripts to any tool; keep them out of the
    // folder so "in place" means the same set of scripts.
    for (const f of unmarked) rmSync(path.join(dir, f));
    const direct = await runDirect('shellcheck', dir, files);
    const run = await hapyy.run(dir, 'bash-verification');
    expect(run.findings).toEqual(direct.findings);
    // Every script was checked, not only the one with an extension: each has at least SC2148 (no shebang).
    expect(new Set(run.findings.map((f) => f.file))).toEqual(new Set(files));
  });

  it('Pyflakes on PyYAML (python3-yaml)', async () => {
    const dir = debianPath('/usr/lib/python3/dist-packages/yaml', 'python3-yaml');
    const run = await hapyy.run(dir, 'python-linter');
    const direct = await runDirect(run.engine, dir, null);
    expect(direct.findings.length).toBeGreaterThan(100);
    expect(run.findings).toEqual(direct.findings);
  });

  it('Pyflakes on pip (python3-pip), keeping the source folder _internal/operations/build', async () => {
    const dir = debianPath('/usr/lib/python3/dist-packages/pip', 'python3-pip');
    const run = await hapyy.run(dir, 'python-linter');
    const input = path.join(hapyy.svc.dataDir, 'runs', run.record.jobId, 'input');
    expect(existsSync(path.join(input, '_internal/operations/build/wheel.py'))).toBe(true);
    const direct = await runDirect(run.engine, dir, null);
    expect(direct.findings.length).toBeGreaterThan(0);
    expect(run.findings).toEqual(direct.findings);
  });
});
