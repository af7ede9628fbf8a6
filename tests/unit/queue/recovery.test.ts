import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings, RunStore } from '../../../main/store';
import { byId, ControlledExecutor, SETTINGS, spec, tempDataDir, until, useQueues } from './helpers';

const makeQueue = useQueues();
const dataDir = tempDataDir();
const HOST = resolve(__dirname, 'fixtures/host.ts');

/** Alive and not a zombie (an orphan may linger as one where PID 1 does not reap). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

const spawned: ChildProcess[] = [];
const toolPids: number[] = [];
afterEach(() => {
  for (const c of spawned.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of toolPids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe('QueueService: crash recovery', () => {
  it('after kill -9 of the host, waiting and running jobs are interrupted, other records kept, leftovers ended', async () => {
    const dir = dataDir();
    const host = spawn(process.execPath, ['--import', 'tsx', HOST, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(host);
    let stderr = '';
    host.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const ready = await new Promise<{ completed: string[]; running: string[]; waiting: string[] }>((res, rej) => {
      let out = '';
      const timer = setTimeout(() => rej(new Error(`host not ready: ${stderr}`)), 20_000);
      host.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) {
          clearTimeout(timer);
          res(JSON.parse(out.split('\n')[0] as string));
        }
      });
      host.once('exit', (code) => rej(new Error(`host exited (${code}): ${stderr}`)));
    });
    expect(ready.completed).toHaveLength(2);
    expect(ready.running).toHaveLength(2);
    expect(ready.waiting).toHaveLength(2);

    const store = new RunStore({ dataDir: dir });
    const pids = ready.running.map((id) => Number(readFileSync(join(store.runDir(id), 'tool.pid'), 'utf8')));
    toolPids.push(...pids);
    host.kill('SIGKILL');
    await new Promise((r) => host.once('exit', r));
    // The tools outlived their host: the leftovers start-up must end.
    expect(pids.every(alive)).toBe(true);
    const before = byId((await store.load()).records);

    const killedFor: string[][] = [];
    const killLeftovers = async (ids: string[]): Promise<number> => {
      killedFor.push(ids);
      let n = 0;
      for (const id of ids) {
        const pidFile = join(store.runDir(id), 'tool.pid');
        if (!existsSync(pidFile)) continue;
        const pid = Number(readFileSync(pidFile, 'utf8'));
        if (alive(pid)) {
          process.kill(pid, 'SIGKILL');
          n += 1;
        }
      }
      return n;
    };
    const { queue } = makeQueue({ execute: new ControlledExecutor().execute, dataDir: dir, killLeftovers });
    const { notices } = await queue.start();

    const interrupted = [...ready.running, ...ready.waiting];
    expect(killedFor).toHaveLength(1);
    expect([...(killedFor[0] ?? [])].sort()).toEqual([...interrupted].sort());
    await until(() => pids.every((p) => !alive(p)), 'leftover tools to end');

    const after = byId((await store.load()).records);
    expect(after.size).toBe(6);
    for (const id of ready.completed) expect(after.get(id)).toEqual(before.get(id));
    for (const id of ready.running) {
      expect(after.get(id)).toMatchObject({ status: 'interrupted', message: 'Hapyy closed while this job was running.' });
      expect(after.get(id)?.startedAt).not.toBeNull();
    }
    for (const id of ready.waiting) {
      expect(after.get(id)).toMatchObject({ status: 'interrupted', message: 'Hapyy closed while this job was waiting.', startedAt: null });
    }
    expect(byId(queue.list())).toEqual(after);
    expect(notices.map((n) => n.message)).toEqual([
      '4 jobs were interrupted when Hapyy closed; you can run them again.',
      'Ended 2 leftover processes of interrupted runs.',
    ]);
    // An interrupted job can be re-run with one click.
    await expect(queue.rerun(ready.running[0] as string, 'win-1')).resolves.toMatchObject({ record: { rerunOf: ready.running[0] } });
  });

  it('a corrupt run.json and a corrupt settings.json do not stop start-up; both are kept as backups and reported', async () => {
    const dir = dataDir();
    const seed = makeQueue({ execute: async () => ({ status: 'completed' }), dataDir: dir });
    await seed.queue.start();
    const good = await seed.queue.submit(spec());
    const bad = await seed.queue.submit(spec());
    await seed.queue.onIdle();
    await seed.queue.shutdown();
    writeFileSync(join(seed.store.runDir(bad.record.jobId), 'run.json'), '{"jobId":');
    writeFileSync(join(dir, 'settings.json'), '{"queue": {"concurrency": 2,,}');

    const settings = await loadSettings(join(dir, 'settings.json'));
    const { queue } = makeQueue({ execute: async () => ({ status: 'completed' }), dataDir: dir, settings: () => ({ ...SETTINGS, ...settings.settings.queue }) });
    const { notices } = await queue.start();

    expect(queue.list().map((r) => r.jobId)).toEqual([good.record.jobId]);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatch(new RegExp(`^The record of run ${bad.record.jobId} was damaged; a backup was kept at .*run\\.json\\.corrupt-`));
    expect(settings.notices[0]?.message).toMatch(/^settings\.json was damaged .*a backup was kept at .*settings\.json\.corrupt-/);
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
    // The queue works on.
    await queue.submit(spec());
    await queue.onIdle();
    expect(queue.list()).toHaveLength(2);
  });
});
