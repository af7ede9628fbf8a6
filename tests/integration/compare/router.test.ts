import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompareOpenedSchema } from '../../../shared/compare';
import type { Result } from '../../../shared/errors';
import { runProject } from '../../support/run-project';
import { appCaller, startServices, type TestServices } from '../../support/services';

// jobs:compare through the real router: validated request and response, and the one job-access rule.
describe('jobs:compare over IPC', () => {
  let svc: TestServices;
  const mine = appCaller('window:mine');
  const other = appCaller('window:other');
  let a = '';
  let b = '';

  beforeAll(async () => {
    svc = await startServices();
    svc.events.attach(mine.clientId, () => undefined);
    svc.events.attach(other.clientId, () => undefined);
    const dir = join(svc.dataDir, 'p');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'x.sh'), '#!/bin/bash\nx=$1\necho $x\n');
    a = (await runProject(svc.engine, dir, 'bash-verification', mine.clientId)).jobId;
    await writeFile(join(dir, 'x.sh'), '#!/bin/bash\nx=$1\necho "$x"\n');
    b = (await runProject(svc.engine, dir, 'bash-verification', mine.clientId)).jobId;
  });
  afterAll(() => svc.dispose());

  it('compares the caller’s own runs', async () => {
    const res = (await svc.router.handle('jobs:compare', { a, b }, mine)) as Result<unknown>;
    expect(res).toMatchObject({ ok: true });
    const value = CompareOpenedSchema.parse(res.ok ? res.value : null);
    expect([value.problems.new.total, value.problems.fixed.total, value.problems.unchanged.total]).toEqual([0, 1, 0]);
    expect(value.problems.fixed.items).toHaveLength(1);
    // Further pages and diffs belong to the window that opened the compare.
    const page = { compareId: value.compareId, state: 'fixed', offset: 0 };
    expect(await svc.router.handle('compare:problems', page, mine)).toMatchObject({ ok: true, value: { total: 1, offset: 0 } });
    expect(await svc.router.handle('compare:problems', page, other)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await svc.router.handle('compare:problems', { ...page, limit: 10_000 }, mine)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await svc.router.handle('compare:files', { compareId: 'gone', offset: 0 }, mine)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuses another live window’s runs, unknown ids and malformed requests', async () => {
    expect(await svc.router.handle('jobs:compare', { a, b }, other)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await svc.router.handle('jobs:compare', { a, b: 'nope' }, mine)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await svc.router.handle('jobs:compare', { a, b, extra: 1 }, mine)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await svc.router.handle('jobs:compare', { a: 'x'.repeat(500), b }, mine)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
