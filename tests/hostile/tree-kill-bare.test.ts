import { afterEach, describe, expect, it, vi } from 'vitest';
import { execa } from 'execa';
import { createRunner } from '../../main/runner';
import { createRunCgroup, joinCgroupArgs, probeCgroups } from '../../main/runner/cgroups';
import { limits, newJobId, makeWorkspace, type Workspace } from '../unit/runner/helpers';
import { newMarker } from './support/harness';
import { findLeftovers, killLeftovers } from './support/procs';

/**
 * Without bubblewrap (sandbox off, or not installed) a tool's grandchild can leave everything the tree scan follows:
 * `setsid` (own session and process group), `env -i` (no job marker), its parent gone (reparented). Where the app
 * can make a cgroup, the run's cgroup still holds it and ending the run ends it; where it cannot, the app says so.
 */
const cgroups = await probeCgroups('/sys/fs/cgroup');
const anyCgroup = cgroups.memory !== null || cgroups.pids !== null || (cgroups.kill ?? null) !== null;

/** Starts a detached, marker-less grandchild carrying `mark` in its command line, and exits at once. */
const escapeScript = (mark: string): string => `setsid env -i /bin/sh -c 'while :; do sleep 1; done' ${mark} </dev/null >/dev/null 2>&1 & echo started`;

/** Polls /proc until nothing carries `mark`, up to a deadline; returns what is still there. */
async function goneWithin(mark: string, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = await findLeftovers({ markers: [mark] });
    if (left.length === 0 || Date.now() > deadline) return left.map((l) => `${l.pid} ${l.cmdline}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const marks: string[] = [];
let ws: Workspace | undefined;
afterEach(async () => {
  await killLeftovers({ markers: marks.splice(0) });
  await ws?.cleanup();
});

describe('ending the tree without bubblewrap', () => {
  it.runIf(anyCgroup)('a setsid env -i grandchild does not survive its run (sandbox off, the run in a cgroup)', async () => {
    ws = await makeWorkspace();
    const mark = newMarker('setsid');
    marks.push(mark);
    const runner = createRunner({ bwrapPath: null });
    const outcome = await runner.runTool({ jobId: newJobId(), runDir: ws.runDir, command: '/bin/sh', args: ['-c', escapeScript(mark)], timeoutMs: 10_000, limits: limits(), sandbox: false });
    expect(outcome.status).toBe('completed');
    expect(outcome.protections).toContain('tree-end-guaranteed');
    expect(outcome.protections).not.toContain('bubblewrap');
    expect(await goneWithin(mark, 5000)).toEqual([]);
  });

  it.runIf(cgroups.kill)('cgroup.kill alone ends a grandchild that escaped its parent, its session and its marker', async () => {
    const support = { ...cgroups, memory: null, pids: null };
    const cg = await createRunCgroup(support, newJobId(), { memoryBytes: 0, tasks: 0 });
    expect(cg?.protections).toEqual(['cgroup-kill']);
    if (!cg) return;
    const mark = newMarker('cgkill');
    marks.push(mark);
    await execa(joinCgroupArgs(cg.procsFiles)[0] as string, [...joinCgroupArgs(cg.procsFiles).slice(1), '/bin/sh', '-c', escapeScript(mark)], { stdin: 'ignore' });
    // Its parent is gone; the grandchild is still running (so the check below can fail), and still in the cgroup. It
    // may still be on its way to its exec: look for it, bounded.
    await vi.waitFor(async () => expect(await findLeftovers({ markers: [mark] })).toHaveLength(1), { timeout: 10_000 });
    expect((await cg.pids()).length).toBeGreaterThan(0);
    expect(await cg.remove()).toBe(true);
    expect(await goneWithin(mark, 5000)).toEqual([]);
  });

  it('where neither bubblewrap nor a cgroup is available, the protections say plainly that the tree end is not guaranteed', async () => {
    const runner = createRunner({ bwrapPath: null, cgroupRoot: null });
    const entry = (await runner.detectProtections()).find((p) => p.id === 'tree-end-guaranteed');
    if (process.platform === 'linux') {
      expect(entry).toMatchObject({ active: false, detail: expect.stringMatching(/^NOT guaranteed here: neither bubblewrap nor a cgroup/) });
    }
    ws = await makeWorkspace();
    const mark = newMarker('nocg');
    marks.push(mark);
    const outcome = await runner.runTool({ jobId: newJobId(), runDir: ws.runDir, command: '/bin/sh', args: ['-c', escapeScript(mark)], timeoutMs: 10_000, limits: limits(), sandbox: false });
    expect(outcome.protections).not.toContain('tree-end-guaranteed');
    // What the notice warns about: without a cgroup, ending the escaped grandchild depends on the tree watcher having
    // seen it before its parent exited, a race the runner cannot win every time (afterEach ends a survivor). Whether
    // it survived this time is logged, not asserted; the cgroup cases above assert that it never survives there.
    const survivors = await findLeftovers({ markers: [mark] });
    console.log(`[hostile] no bwrap, no cgroup: the escaped grandchild ${survivors.length > 0 ? 'outlived' : 'did not outlive'} its run this time`);
  });
});
