import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareJobs } from '../../../main/compare';
import { runProject } from '../../support/run-project';
import { startServices, type TestServices } from '../../support/services';

/**
 * Two real ShellCheck runs over two versions of one project. Every finding is SC2086 with the same message, so
 * only the line text (and where it is) can tell the fixed one from the new one.
 *   v1: line 3 `echo $fixed`, line 4 `echo $kept`, line 6 `echo $moved`
 *   v2: line 3 quoted (fixed), line 4 unchanged, ten lines inserted (one is the new `echo $added`), `echo $moved` on line 16.
 */
const V1 = ['#!/bin/bash', 'fixed=$1 kept=$2 moved=$3', 'echo $fixed', 'echo $kept', 'true', 'echo $moved', ''].join('\n');
const V2 = [
  '#!/bin/bash',
  'fixed=$1 kept=$2 moved=$3 added=$4',
  'echo "$fixed"',
  'echo $kept',
  'true',
  ...Array.from({ length: 9 }, (_, i) => `# filler ${i + 1}`),
  'echo $added',
  'echo $moved',
  '',
].join('\n');

describe('compare two ShellCheck runs of two versions of a project', () => {
  let svc: TestServices;
  beforeAll(async () => {
    svc = await startServices();
  });
  afterAll(() => svc.dispose());

  async function version(name: string, script: string): Promise<string> {
    const dir = join(svc.dataDir, 'projects', name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'deploy.sh'), script);
    await writeFile(join(dir, 'README.txt'), `version ${name}\n`);
    return dir;
  }

  it('one fixed, one new, two unchanged (the moved one included)', async () => {
    const a = await runProject(svc.engine, await version('v1', V1), 'bash-verification');
    const b = await runProject(svc.engine, await version('v2', V2), 'bash-verification');
    expect(a.engine?.id).toBe('shellcheck');
    expect(a.diagnostics?.info).toBe(3);
    expect(b.diagnostics?.info).toBe(3);

    const deps = { records: () => svc.engine.queue.list(), runDir: (id: string) => svc.engine.runs.runDir(id) };
    const result = await compareJobs(deps, a.jobId, b.jobId);
    const { problems } = result;
    expect(problems.new.map((p) => [p.b?.code, p.b?.line])).toEqual([['SC2086', 15]]);
    expect(problems.fixed.map((p) => [p.a?.code, p.a?.line])).toEqual([['SC2086', 3]]);
    expect(problems.unchanged.map((p) => [p.a?.line, p.b?.line]).sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0))).toEqual([
      [4, 4],
      [6, 16],
    ]);
    for (const p of [...problems.new, ...problems.fixed, ...problems.unchanged]) expect(p.fingerprint).toMatch(/^[0-9a-f]{32}:\d+$/);

    // The runs' facts side by side.
    expect(result.a).toMatchObject({ jobId: a.jobId, toolId: 'bash-verification', status: a.status, exitCode: 1 });
    expect(result.b).toMatchObject({ jobId: b.jobId, engine: { id: 'shellcheck' } });
    expect(result.notes).toEqual([]);

    // Reversed, the new one is the fixed one and vice versa.
    const back = await compareJobs(deps, b.jobId, a.jobId);
    expect(back.problems.new.map((p) => p.b?.line)).toEqual([3]);
    expect(back.problems.fixed.map((p) => p.a?.line)).toEqual([15]);
    expect(back.problems.unchanged).toHaveLength(2);
  });

  it('refuses to compare a run with itself or a run that does not exist', async () => {
    const deps = { records: () => svc.engine.queue.list(), runDir: (id: string) => svc.engine.runs.runDir(id) };
    const [any] = svc.engine.queue.list();
    await expect(compareJobs(deps, any!.jobId, any!.jobId)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(compareJobs(deps, any!.jobId, 'nope')).rejects.toMatchObject({ code: 'not-found' });
  });
});
