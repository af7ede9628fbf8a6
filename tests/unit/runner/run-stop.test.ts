import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RunLimits } from '../../../shared/settings';
import { createRunner, type RunOutcome } from '../../../main/runner';
import { createRunCgroup, joinCgroupArgs, probeCgroups } from '../../../main/runner/cgroups';
import { useWorkspace, bareRunner, fixture, hasBubblewrap, limits, markedPids, newJobId, request, sandboxedRunner, SH } from './helpers';

const bwrap = await hasBubblewrap();
const cgroups = await probeCgroups('/sys/fs/cgroup');

const jobs: string[] = [];
const ws = useWorkspace(jobs);

/** Session id of a process, from /proc/<pid>/stat. */
async function sessionOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

/** Alive = present in /proc and not a zombie (this machine's init does not reap orphans, so zombies linger). */
async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

describe.each([
  // In a PID namespace, leftovers die with the namespace as soon as the tool exits; the runner may still catch
  // some of them dying, so only the bare run must report them.
  ['with bubblewrap', bwrap, sandboxedRunner, false],
  ['without bubblewrap or cgroups (marker fallback)', true, bareRunner, true],
] as const)('ending a run %s', (_name, available, makeRunner, reportsLeftovers) => {
  it.skipIf(!available)('a tool that sleeps past its limit ends as timeout and nothing it started is still running', async () => {
    const req = request(ws, { command: SH, args: [fixture('sleep-tree.sh')], timeoutMs: 800 });
    jobs.push(req.jobId);
    const outcome = await makeRunner().runTool(req);
    expect(outcome.status).toBe('timeout');
    expect(outcome.message).toBe('The tool ran past its 0.8 s limit and was stopped.');
    expect(outcome.durationMs).toBeGreaterThanOrEqual(800);
    expect(await markedPids(req.jobId)).toEqual([]);
  });

  it.skipIf(!available)('a tool ignoring SIGTERM with a setsid grandchild: both are killed once the grace period runs out', async () => {
    const graceMs = 500;
    const ac = new AbortController();
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const req = request(ws, {
      command: SH,
      args: [fixture('stubborn.sh')],
      limits: limits({ graceMs }),
      signal: ac.signal,
      onOutput: (lines) => lines.some((l) => l.text === 'ready') && ready(),
    });
    jobs.push(req.jobId);
    const running: Promise<RunOutcome> = makeRunner().runTool(req);
    await isReady;
    // The grandchild really did get away: it runs in a session of its own.
    const before = await markedPids(req.jobId);
    const sessions = new Set(await Promise.all(before.map(sessionOf)));
    expect(sessions.size).toBeGreaterThanOrEqual(2);
    ac.abort();
    // Both ignore SIGTERM and would idle for a minute: the run ending at all (within the test's time limit) is the
    // SIGKILL at the end of the grace period. How fast that is belongs to `npm run bench` (cancel latency).
    const outcome = await running;
    expect(outcome.status).toBe('cancelled');
    expect(await markedPids(req.jobId)).toEqual([]);
    for (const pid of before) expect(await alive(pid)).toBe(false);
  });

  it.skipIf(!available)('processes left behind by a tool that finished are ended too, and the log says so', async () => {
    const req = request(ws, { command: SH, args: ['-c', 'sleep 60 & (setsid sleep 60 &); echo done'] });
    jobs.push(req.jobId);
    const outcome = await makeRunner().runTool(req);
    expect(outcome.status).toBe('completed');
    expect(await markedPids(req.jobId)).toEqual([]);
    const note = outcome.tail.find((l) => l.stream === 'system' && /ended \d+ process\(es\) the tool left running/.test(l.text));
    if (reportsLeftovers) expect(note).toBeDefined();
  });
});

describe('endAllRuns', () => {
  it('ends every live run as cancelled and waits until their trees are gone', async () => {
    const runner = sandboxedRunner();
    const started: Promise<void>[] = [];
    const runs = [0, 1].map(() => {
      let mark!: () => void;
      started.push(new Promise<void>((r) => (mark = r)));
      const req = request(ws, { command: SH, args: [fixture('sleep-tree.sh')], onOutput: (l) => l.some((x) => x.text === 'started') && mark() });
      jobs.push(req.jobId);
      return { req, done: runner.runTool(req) };
    });
    await Promise.all(started);
    expect(runner.liveRuns()).toBe(2);
    await runner.endAllRuns();
    expect(runner.liveRuns()).toBe(0);
    for (const { req, done } of runs) {
      const outcome = await done;
      expect(outcome.status).toBe('cancelled');
      expect(outcome.message).toBe('The run was stopped because Hapyy was closing.');
      expect(await markedPids(req.jobId)).toEqual([]);
    }
  });
});

describe('killLeftovers', () => {
  const startOrphan = (jobId: string, env: Record<string, string> = { HAPYY_JOB_ID: jobId }, argv = [SH, '-c', 'sleep 60 & sleep 60']): void => {
    const [cmd, ...args] = argv as [string, ...string[]];
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', ...env } });
    child.unref();
  };
  const waitFor = async (check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 100 && !(await check()); i += 1) await sleep(20);
  };

  it("ends the processes of the given jobs only (a crashed app's runs), and counts them", async () => {
    const crashed = newJobId();
    const other = newJobId();
    jobs.push(crashed, other);
    startOrphan(crashed);
    startOrphan(other);
    await waitFor(async () => (await markedPids(crashed)).length === 3 && (await markedPids(other)).length === 3);
    expect(await markedPids(crashed)).toHaveLength(3);
    const killed = await createRunner().killLeftovers([crashed]);
    expect(killed).toBe(3);
    expect(await markedPids(crashed)).toEqual([]);
    expect(await markedPids(other)).toHaveLength(3);
    expect(await createRunner().killLeftovers([])).toBe(0);
  });

  it.skipIf(!cgroups.memory && !cgroups.pids)('also ends a process that scrubbed the marker but is still in the run cgroup, and removes the cgroup', async () => {
    const crashed = newJobId();
    const cg = await createRunCgroup(cgroups, crashed, { memoryBytes: 256 * 1024 * 1024, tasks: 10 });
    expect(cg).not.toBeNull();
    startOrphan(crashed, {}, [...joinCgroupArgs(cg?.procsFiles ?? []), '/bin/sleep', '60']);
    await waitFor(async () => ((await cg?.pids()) ?? []).length === 1);
    const [pid] = (await cg?.pids()) ?? [];
    expect(pid).toBeGreaterThan(0);
    try {
      expect(await createRunner().killLeftovers([crashed])).toBe(1);
      await waitFor(async () => !(await alive(pid as number)));
      expect(await cg?.remove()).toBe(true);
    } finally {
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone, as it should be
        }
      }
      await cg?.remove();
    }
  });
});

describe('limits passed straight through', () => {
  it('keeps the grace period: a tool that handles SIGTERM can clean up', async () => {
    const script = 'trap "echo cleaning up; exit 0" TERM; echo started; while :; do sleep 0.1; done';
    const l: RunLimits = limits({ graceMs: 3000 });
    const req = request(ws, { command: SH, args: ['-c', script], limits: l, timeoutMs: 500 });
    jobs.push(req.jobId);
    const outcome = await sandboxedRunner().runTool(req);
    expect(outcome.status).toBe('timeout');
    expect(outcome.tail.map((x) => x.text)).toContain('cleaning up');
    // It ended on its own after the trap (exit 0), not by the SIGKILL that ends the grace period.
    expect(outcome.exitCode).toBe(0);
    expect(outcome.signal).toBeNull();
  });
});
