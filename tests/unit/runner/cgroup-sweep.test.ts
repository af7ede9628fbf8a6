import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCgroups, STALE_PROBE_CGROUP_MS, STALE_RUN_CGROUP_MS, sweepStaleCgroups } from '../../../main/runner/cgroups';

/*
 * Leftover cgroups of killed processes, swept for real in a cgroup v2 folder of this machine's (a parent of the
 * test's own, so other runners' sweeps running meanwhile never see these children).
 */
const place = (await probeCgroups('/sys/fs/cgroup')).kill ?? null;

describe.skipIf(!place)('sweeping leftover cgroups', () => {
  let parent: string;
  const make = async (name: string) => {
    await mkdir(path.join(parent, name));
    return name;
  };
  const left = async () => (await readdir(parent, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  beforeAll(async () => {
    parent = path.join((place as { parent: string }).parent, `hapyy-sweeptest-${randomBytes(4).toString('hex')}`);
    await mkdir(parent);
  });
  afterAll(async () => {
    for (const name of await left().catch(() => [])) await rmdir(path.join(parent, name)).catch(() => undefined);
    await rmdir(parent).catch(() => undefined);
  });

  it('takes a probe cgroup whose process is gone and an empty run cgroup, each once it is old; keeps the rest', async () => {
    const deadPid = spawnSync('true').pid;
    const dead = await make(`hapyy-probe-${deadPid}-aa`);
    const live = await make(`hapyy-probe-${process.pid}-bb`);
    const run = await make('hapyy-job1-cc');
    const other = await make('not-ours');
    expect(await sweepStaleCgroups([parent])).toBe(0); // all of them just made
    expect(await sweepStaleCgroups([parent], Date.now() + STALE_PROBE_CGROUP_MS + 60_000)).toBe(1);
    expect(await left()).toEqual([run, live, other].sort());
    expect(await left()).not.toContain(dead);
    // An hour on, the empty run cgroup is a leftover too; the live process's probe and a folder not ours stay.
    expect(await sweepStaleCgroups([parent], Date.now() + STALE_RUN_CGROUP_MS + 60_000)).toBe(1);
    expect(await left()).toEqual([live, other].sort());
  });

  it('never takes a cgroup with a process in it, however old', async () => {
    const busy = await make('hapyy-job2-dd');
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    await once(child, 'spawn');
    try {
      await writeFile(path.join(parent, busy, 'cgroup.procs'), String(child.pid));
      expect(await sweepStaleCgroups([parent], Date.now() + 2 * STALE_RUN_CGROUP_MS)).toBe(0);
      expect(await left()).toContain(busy);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    // Empty again: now it goes.
    expect(await sweepStaleCgroups([parent], Date.now() + 2 * STALE_RUN_CGROUP_MS)).toBeGreaterThanOrEqual(1);
    expect(await left()).not.toContain(busy);
  });
});
