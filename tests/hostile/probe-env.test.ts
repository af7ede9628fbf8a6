import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVersion } from '../../main/registry/probe';
import { createRunner } from '../../main/runner';

/**
 * `<engine> --version` is third-party code run by the app on its own (at start-up, after a settings change): it gets
 * the tools' allow-listed environment, and where bubblewrap works, the run sandbox. A fake engine records what it
 * got; the app's environment holds a fake secret.
 */
const runner = createRunner();
const bwrapWorks = (await runner.detectProtections()).some((p) => p.id === 'bubblewrap' && p.active);
const SECRET = `fake-secret-${process.pid}-${Date.now()}`;

let base = '';
let engine = '';
let envFile = '';
let canary = '';
beforeAll(async () => {
  process.env.FAKE_SECRET_TOKEN = SECRET;
  // In the home (not /tmp): what the sandbox must hide is where the user's files are.
  base = await mkdtemp(path.join(os.homedir(), '.hapyy-probe-test-'));
  envFile = path.join(base, 'env.txt');
  canary = path.join(base, 'canary');
  await writeFile(canary, 'canary');
  engine = path.join(base, 'engine', 'fake-engine');
  await mkdir(path.dirname(engine));
  // Records its environment where it can, and says in its version whether it could read the canary.
  await writeFile(engine, `#!/bin/sh\nenv > '${envFile}' 2>/dev/null\nif [ -r '${canary}' ]; then echo "fake 6.6.6"; else echo "fake 1.2.3"; fi\n`);
  await chmod(engine, 0o755);
});
afterAll(async () => {
  delete process.env.FAKE_SECRET_TOKEN;
  if (base) await rm(base, { recursive: true, force: true });
});

describe('engine version probes', () => {
  it("get the allow-listed environment: none of the app's secrets", async () => {
    const r = await probeVersion(engine, ['--version'], { timeoutMs: 10_000, label: 'fake --version' });
    expect(r).toEqual({ ok: true, version: '6.6.6' }); // unsandboxed: the canary was readable, so the check can fail
    const env = await readFile(envFile, 'utf8');
    expect(env).toMatch(/^HAPYY_JOB_ID=probe-/m); // the file is the engine's own record
    expect(env).toMatch(/^HOME=.*hapyy-probe-/m);
    expect(env).not.toContain(SECRET);
    expect(env).not.toContain('FAKE_SECRET_TOKEN');
  });

  it.runIf(bwrapWorks)('run in the sandbox where bubblewrap works: no home folder, nothing written outside', async () => {
    await rm(envFile, { force: true });
    const r = await probeVersion(engine, ['--version'], { timeoutMs: 10_000, label: 'fake --version', wrap: runner.wrapProbe });
    expect(r).toEqual({ ok: true, version: '1.2.3' });
    await expect(readFile(envFile, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
