import { describe, expect, it } from 'vitest';
import { ProtectionSchema } from '../../../shared/contract';
import { createRunner } from '../../../main/runner';

const byId = (list: { id: string; active: boolean; detail: string }[]) => new Map(list.map((p) => [p.id, p]));

describe('detectProtections', () => {
  it('describes every protection on this machine in the shared shape', async () => {
    const list = await createRunner().detectProtections();
    for (const p of list) expect(ProtectionSchema.parse(p)).toEqual(p);
    const ids = list.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['env-allow-list', 'bubblewrap', 'no-network', 'pid-namespace', 'cgroup-memory', 'cgroup-pids', 'tree-memory-watch', 'rlimit-fsize', 'tree-kill']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(byId(list).get('tree-memory-watch')?.active).toBe(true);
    expect(byId(list).get('rlimit-nproc')).toMatchObject({ active: false, detail: expect.stringContaining('Not used') });
  });

  it('says why bubblewrap and cgroups are not in force when they are switched off or missing', async () => {
    const list = byId(await createRunner({ bwrapPath: null, cgroupRoot: null, prlimitPath: null }).detectProtections());
    expect(list.get('bubblewrap')).toMatchObject({ active: false, detail: expect.stringContaining('Not in force') });
    expect(list.get('no-network')?.active).toBe(false);
    expect(list.get('cgroup-memory')).toMatchObject({ active: false, detail: expect.stringContaining('turned off') });
    expect(list.get('rlimit-fsize')?.active).toBe(false);
    const missing = byId(await createRunner({ bwrapPath: '/nonexistent/bwrap', cgroupRoot: '/nonexistent' }).detectProtections());
    expect(missing.get('bubblewrap')?.active).toBe(false);
    expect(missing.get('cgroup-memory')?.active).toBe(false);
  });

  it('marks bubblewrap inactive when the sandbox setting is off', async () => {
    const runner = createRunner();
    const on = byId(await runner.detectProtections({ sandbox: true }));
    const off = byId(await runner.detectProtections({ sandbox: false }));
    if (on.get('bubblewrap')?.active) expect(off.get('bubblewrap')).toMatchObject({ active: false, detail: expect.stringContaining('turned off in Settings') });
    else expect(off.get('bubblewrap')?.active).toBe(false);
  });

  it('on Windows says that memory and processes are not limited', async () => {
    const list = byId(await createRunner({ platform: 'win32' }).detectProtections());
    expect(list.get('tree-memory-watch')).toMatchObject({ active: false, detail: expect.stringContaining('Windows') });
    expect(list.get('bubblewrap')).toMatchObject({ active: false, detail: expect.stringContaining('only on Linux') });
    expect(list.get('tree-kill')).toMatchObject({ active: true, detail: expect.stringContaining('taskkill') });
  });

  it.runIf(process.platform !== 'darwin')('on macOS, Seatbelt counts only once sandbox-exec has really run the profile (it cannot here)', async () => {
    const list = byId(await createRunner({ platform: 'darwin' }).detectProtections());
    expect(list.get('seatbelt')).toMatchObject({ active: false, detail: expect.stringMatching(/^Not in force: sandbox-exec/) });
    expect(list.get('no-network')?.active).toBe(false);
    expect(list.get('tree-end-guaranteed')).toMatchObject({ active: false, detail: expect.stringContaining('NOT guaranteed') });
  });

  it('on Windows says there is no sandbox at all', async () => {
    const list = byId(await createRunner({ platform: 'win32' }).detectProtections());
    expect(list.get('private-files')).toMatchObject({ active: false, detail: expect.stringContaining('no sandbox on Windows') });
  });
});
