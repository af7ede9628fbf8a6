import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { JobRecordSchema, type JobRecord } from '../../shared/jobs';
import { SettingsSchema } from '../../shared/settings';
import { devLayout } from '../../main/resources';
import { cgroupPrefix, probeCgroups } from '../../main/runner/cgroups';
import { createEngine } from '../../main/services/engine';
import { ROOT } from '../support/services';
import { makeProject, newMarker, NODE, tempDir, tool, type TempDir } from './support/harness';
import { findLeftovers, killLeftovers } from './support/procs';

/**
 * Crash and restart: the engine's host process is killed with SIGKILL while two jobs run (each with a grandchild in
 * its own session) and two wait. A new engine on the same data folder must end every leftover tool process, mark the
 * interrupted jobs, keep the rest of the history as it was, and leave no cgroup behind.
 */
const HOST = path.join(import.meta.dirname, 'fixtures', 'crash-host.ts');
const cgroups = await probeCgroups('/sys/fs/cgroup');

interface Ready {
  completed: string[];
  running: string[];
  waiting: string[];
  slow: string[];
}

const hosts: ChildProcess[] = [];
const marks: string[] = [];
const dirs: TempDir[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
  await killLeftovers({ markers: marks });
});
afterAll(async () => {
  for (const d of dirs) await d.remove();
});

function startHost(args: string[]): Promise<{ host: ChildProcess; ready: Ready }> {
  const host = spawn(NODE, ['--import', 'tsx', HOST, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  hosts.push(host);
  let stderr = '';
  host.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host not ready in time: ${stderr}`)), 40_000);
    host.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ host, ready: JSON.parse(out.slice(0, nl)) as Ready });
      }
    });
    host.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${String(code)}): ${stderr}`));
    });
  });
}

async function readRecords(runsDir: string): Promise<Map<string, JobRecord>> {
  const out = new Map<string, JobRecord>();
  for (const id of await readdir(runsDir)) {
    const text = await readFile(path.join(runsDir, id, 'run.json'), 'utf8').catch(() => null);
    if (text !== null) out.set(id, JobRecordSchema.parse(JSON.parse(text)));
  }
  return out;
}

async function leftoverCgroups(jobIds: string[]): Promise<string[]> {
  const parents = [cgroups.memory?.parent, cgroups.pids?.parent].filter((p): p is string => p !== undefined);
  const names = (await Promise.all(parents.map((p) => readdir(p).catch(() => [] as string[])))).flat();
  return names.filter((n) => jobIds.some((id) => n.startsWith(cgroupPrefix(id))));
}

describe.each([
  { mode: 'sandboxed', sandbox: true },
  { mode: 'unsandboxed', sandbox: false },
])('kill -9 of the engine host ($mode), then a restart', ({ sandbox }) => {
  it('ends every leftover, marks the interrupted jobs, keeps the history', { timeout: 60_000 }, async () => {
    const tmp = await tempDir('crash');
    dirs.push(tmp);
    const mark = newMarker('crash');
    marks.push(mark);
    const project = await makeProject(tmp.path);
    const dataDir = path.join(tmp.path, 'data');
    const { host, ready } = await startHost([dataDir, project, sandbox ? '1' : '0', mark, tool('sleeper.sh')]);
    expect(ready.completed).toHaveLength(2);
    expect(ready.running).toHaveLength(2);
    expect(ready.waiting).toHaveLength(2);
    const all = [...ready.completed, ...ready.slow];
    // Two tools and their two grandchildren are alive.
    const aliveBefore = await findLeftovers({ jobIds: ready.running, markers: [mark] });
    expect(aliveBefore.length).toBeGreaterThanOrEqual(4);

    host.kill('SIGKILL');
    await new Promise((resolve) => (host.exitCode !== null || host.signalCode !== null ? resolve(null) : host.once('exit', resolve)));
    const outlived = await findLeftovers({ jobIds: ready.running, markers: [mark] });
    console.log(`[hostile] crash (${sandbox ? 'sandboxed' : 'unsandboxed'}): ${outlived.length} tool process(es) outlived the host`);
    // Without bubblewrap nothing ends the tools with their host, so the restart below has real work to do.
    if (!sandbox) expect(outlived.length).toBeGreaterThanOrEqual(4);

    const runsDir = path.join(dataDir, 'runs');
    const before = await readRecords(runsDir);
    expect(ready.completed.map((id) => before.get(id)?.status)).toEqual(['completed', 'completed']);
    expect(ready.running.map((id) => before.get(id)?.status)).toEqual(['running', 'running']);
    expect(ready.waiting.map((id) => before.get(id)?.status)).toEqual(['queued', 'queued']);

    const engine = await createEngine({ dataDir, runtime: devLayout(ROOT), settings: SettingsSchema.parse({ sandbox }) });
    try {
      expect(await findLeftovers({ jobIds: all, markers: [mark] })).toEqual([]);
      expect(await leftoverCgroups(all)).toEqual([]);
      const notices = engine.notices.map((n) => n.message).join('\n');
      expect(notices).toContain('4 jobs were interrupted when Hapyy closed');
      const after = new Map(engine.queue.list().map((r) => [r.jobId, r]));
      expect(after.size).toBe(6);
      for (const id of ready.completed) expect(after.get(id)).toEqual(before.get(id));
      for (const id of ready.running) {
        expect(after.get(id)).toMatchObject({ status: 'interrupted', message: 'Hapyy closed while this job was running.' });
      }
      for (const id of ready.waiting) {
        expect(after.get(id)).toMatchObject({ status: 'interrupted', message: 'Hapyy closed while this job was waiting.' });
      }
      // Saved as such: a second restart finds the same history.
      const saved = await readRecords(runsDir);
      for (const id of all) expect(saved.get(id)).toEqual(after.get(id));
    } finally {
      await engine.shutdown();
    }
  });
});
