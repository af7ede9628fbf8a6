import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listProcs, pidFloor, readPidCounters, type PidCounters } from '../../../main/runner/linux-procs';
import { createTreeScanner } from '../../../main/runner/process-tree';
import { killMarked, newJobId } from './helpers';

/** A stand-in /proc of real files holding only what pidFloor reads: the fork count, the task count, pid_max. */
async function fakeProc(c: PidCounters): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hapyy-pid-floor-'));
  await mkdir(path.join(root, 'sys', 'kernel'), { recursive: true });
  await writeFile(path.join(root, 'stat'), `cpu  1 2 3 4\nctxt 99\nbtime 1\nprocesses ${c.forks}\nprocs_running 1\n`);
  await writeFile(path.join(root, 'loadavg'), `0.10 0.20 0.30 2/${c.threads} 4242\n`);
  await writeFile(path.join(root, 'sys', 'kernel', 'pid_max'), `${c.pidMax}\n`);
  roots.push(root);
  return root;
}
const roots: string[] = [];
const jobs: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
  for (const id of jobs.splice(0)) await killMarked(id);
});

describe('pidFloor: which pids a run started after its root can have', () => {
  it('reads the counters this kernel offers', () => {
    const c = readPidCounters('/proc');
    expect(c).not.toBeNull();
    expect(c?.pidMax).toBeGreaterThan(300);
    expect(c?.threads).toBeGreaterThan(0);
  });

  it('is the root pid while nothing can have wrapped, and 0 from the first count that could have', async () => {
    const before = { forks: 1000, threads: 100, pidMax: 32768 };
    // From the root (pid 20,000): 50 pids handed out, numbers in use at most 3 × (100 + 50) = 450: 20,500 < 32,768.
    expect(pidFloor(await fakeProc({ forks: 1050, threads: 120, pidMax: 32768 }), 20_000, before)).toBe(20_000);
    // 20,000 + h + 3 × (100 + h) reaches 32,768 at h = 3,117.
    expect(pidFloor(await fakeProc({ forks: 1000 + 3116, threads: 100, pidMax: 32768 }), 20_000, before)).toBe(20_000);
    expect(pidFloor(await fakeProc({ forks: 1000 + 3117, threads: 100, pidMax: 32768 }), 20_000, before)).toBe(0);
  });

  it('is 0 when it cannot tell: no counters from before, counters gone or going backwards, pid_max changed', async () => {
    const before = { forks: 1000, threads: 10, pidMax: 32768 };
    expect(pidFloor(await fakeProc({ forks: 1001, threads: 10, pidMax: 32768 }), 500, null)).toBe(0);
    expect(pidFloor(path.join(os.tmpdir(), 'hapyy-no-such-proc'), 500, before)).toBe(0);
    expect(pidFloor(await fakeProc({ forks: 999, threads: 10, pidMax: 32768 }), 500, before)).toBe(0);
    expect(pidFloor(await fakeProc({ forks: 1001, threads: 10, pidMax: 4_194_304 }), 500, before)).toBe(0);
  });

  it('a listing from a floor leaves out the processes below it and keeps those above', async () => {
    const all = await listProcs('/proc');
    const floor = process.pid;
    const from = await listProcs('/proc', floor);
    expect(from.every((p) => p.pid >= floor)).toBe(true);
    expect(from.some((p) => p.pid === process.pid)).toBe(true);
    expect(all.some((p) => p.pid === 1)).toBe(true);
    expect(from.some((p) => p.pid === 1)).toBe(false);
  });

  it("a scanner with the counters still finds a root's detached grandchild after the root has exited", async () => {
    const jobId = newJobId();
    jobs.push(jobId);
    const pidsBefore = readPidCounters('/proc');
    // The root starts a grandchild in its own session (re-parented to init once the root exits), then exits.
    const root = spawn('/bin/sh', ['-c', 'setsid sleep 30 </dev/null >/dev/null 2>&1 & echo $!'], {
      env: { ...process.env, HAPYY_JOB_ID: jobId },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const rootPid = root.pid as number;
    const scanner = createTreeScanner({ platform: 'linux', procRoot: '/proc', rootPid, jobId, pidsBefore });
    let printed = '';
    root.stdout.on('data', (b: Buffer) => (printed += b.toString()));
    await once(root, 'exit');
    const grandchild = Number(printed.trim());
    expect(grandchild).toBeGreaterThan(0);
    // The run's processes are all above the floor: the floor holds here (a fresh machine is far from wrapping).
    expect(pidFloor('/proc', rootPid, pidsBefore)).toBe(rootPid);
    // A process in the middle of exec shows no environment yet (the scanner asks it again next scan, as endTree does):
    // scan until it is found, for at most 5 s.
    const deadline = Date.now() + 5000;
    let found: number[] = [];
    while (!found.includes(grandchild) && Date.now() < deadline) {
      found = (await scanner.members()).map((m) => m.pid);
      if (!found.includes(grandchild)) await new Promise((r) => setTimeout(r, 5));
    }
    expect(found).toContain(grandchild);
  });
});
