import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createRunner } from '../../../main/runner';
import { createRunCgroup, joinCgroupArgs, probeCgroups } from '../../../main/runner/cgroups';
import { findExecutable } from '../../../main/runner/find-executable';
import { useWorkspace, hasBubblewrap, limits, markedPids, request, SH } from './helpers';

/*
 * The stop paths that rely on the kernel: a run in a cgroup with cgroup.kill is confirmed gone by the cgroup's
 * `populated 0` event and one /proc scan (bare), or by the event alone (bubblewrap: nothing can be outside its PID
 * namespace). These check that no process of the tree outlives the run on either path.
 */

const cgroups = await probeCgroups('/sys/fs/cgroup');
const bwrap = await hasBubblewrap();
const prlimit = await findExecutable('prlimit', process.env.PATH);

const jobs: string[] = [];
const ws = useWorkspace(jobs);

/** A tree of three: a background child, a grandchild in a session of its own, and the shell waiting. */
const TREE = 'sleep 60 & (setsid sleep 60 &); echo ready; wait';

describe.each([
  ['bare, in a cgroup with cgroup.kill', false, Boolean(cgroups.kill)],
  ['in bubblewrap (PID namespace) and a cgroup', true, bwrap && Boolean(cgroups.kill)],
] as const)('cancel, %s', (_name, sandbox, available) => {
  it.skipIf(!available)('ends the whole tree, the detached grandchild included, and reports cancelled', async () => {
    const ac = new AbortController();
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    const req = request(ws, {
      command: SH,
      args: ['-c', TREE],
      sandbox,
      signal: ac.signal,
      limits: limits({ graceMs: 2000 }),
      onOutput: (lines) => lines.some((l) => l.text === 'ready') && ready(),
    });
    jobs.push(req.jobId);
    const run = createRunner().runTool(req);
    await isReady;
    expect((await markedPids(req.jobId)).length).toBeGreaterThanOrEqual(3);
    ac.abort();
    const outcome = await run;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.protections).toContain('cgroup-kill');
    expect(await markedPids(req.jobId)).toEqual([]);
  });

  it.skipIf(!available)('a tool that exits leaving a detached process: the run ends only once that is gone too', async () => {
    const req = request(ws, { command: SH, args: ['-c', '(setsid sleep 60 &); echo done'], sandbox });
    jobs.push(req.jobId);
    const outcome = await createRunner().runTool(req);
    expect(outcome.status).toBe('completed');
    expect(await markedPids(req.jobId)).toEqual([]);
  });
});

describe('the cgroup-joining launcher', () => {
  it.skipIf(!prlimit)('sets the file-size limit itself, in whole 512-byte blocks, never above what was asked', async () => {
    const [file, ...args] = joinCgroupArgs([], 1536 + 100);
    const r = await execa(file as string, [...args, prlimit as string, '--fsize', '--output=SOFT,HARD', '--noheadings', '--raw']);
    expect(r.stdout.trim().split(/\s+/)).toEqual(['1536', '1536']);
  });

  it('leaves the limit alone when not asked', async () => {
    const [file, ...args] = joinCgroupArgs([]);
    const r = await execa(file as string, [...args, SH, '-c', 'ulimit -f']);
    expect(r.stdout.trim()).toBe((await execa(SH, ['-c', 'ulimit -f'])).stdout.trim());
  });
});

describe('KillGroup.whenEmpty', () => {
  it.skipIf(!cgroups.kill)('looks again on each sign that the tree ended, and a sign that fails or comes late changes nothing', async () => {
    const cg = await createRunCgroup(cgroups, `test-wake-${process.pid}`, { memoryBytes: 1024 ** 3, tasks: 64 });
    const kg = cg?.killGroup;
    expect(kg).toBeTruthy();
    try {
      const [file, ...args] = joinCgroupArgs(cg?.procsFiles ?? []);
      const child = execa(file as string, [...args, SH, '-c', 'echo up; exec sleep 60'], { reject: false });
      await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
      expect(await kg?.pids()).toEqual([child.pid]);
      // Still running: a sign now finds it not empty, and the wait goes on (here, to its timeout).
      expect(await kg?.whenEmpty(200, [Promise.resolve()])).toBe(false);
      const exited = child.then(() => undefined);
      const empty = kg?.whenEmpty(10_000, [exited, Promise.reject(new Error('a sign that failed'))]);
      child.kill('SIGKILL');
      expect(await empty).toBe(true);
      expect(await kg?.pids()).toEqual([]);
      // After the wait is over, a late sign reads nothing (the cgroup may be gone by then).
      let late!: () => void;
      const lateSign = new Promise<void>((r) => (late = r));
      expect(await kg?.whenEmpty(1000, [lateSign])).toBe(true);
      expect(await cg?.remove()).toBe(true);
      late();
      await lateSign;
    } finally {
      await cg?.remove();
    }
  });
});
