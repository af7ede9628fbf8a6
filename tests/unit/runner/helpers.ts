import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import { RunLimitsSchema, type RunLimits } from '../../../shared/settings';
import { createRunner, type RunRequest, type Runner } from '../../../main/runner';
import { listProcs } from '../../../main/runner/linux-procs';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/runner/', import.meta.url));
export const fixture = (name: string): string => path.join(FIXTURES, name);
export const NODE = process.execPath;
export const SH = '/bin/sh';

export const limits = (over: Partial<RunLimits> = {}): RunLimits => RunLimitsSchema.parse({ graceMs: 500, ...over });
export const newJobId = (): string => `test-${randomUUID()}`;

export interface Workspace {
  root: string;
  runDir: string;
  input: string;
  cleanup(): Promise<void>;
}

/** A temporary root holding a run folder with an input/ copy, as intake leaves it. */
export async function makeWorkspace(): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hapyy-runner-test-'));
  const runDir = path.join(root, 'runs', 'job');
  const input = path.join(runDir, 'input');
  await mkdir(input, { recursive: true });
  return { root, runDir, input, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * A fresh workspace for each test of the calling suite, and the job ids its tests push: after each test, their marked
 * processes are killed and the workspace removed. The returned object is the current test's workspace.
 */
export function useWorkspace(jobs: string[]): Workspace {
  const ws: Workspace = { root: '', runDir: '', input: '', cleanup: async () => undefined };
  beforeEach(async () => {
    Object.assign(ws, await makeWorkspace());
  });
  afterEach(async () => {
    for (const id of jobs.splice(0)) await killMarked(id);
    await ws.cleanup();
  });
  return ws;
}

/** A request with test defaults; `over` wins. */
export function request(ws: Workspace, over: Partial<RunRequest> & Pick<RunRequest, 'command' | 'args'>): RunRequest {
  return { jobId: newJobId(), runDir: ws.runDir, timeoutMs: 10_000, limits: limits(), sandbox: true, ...over };
}

/** Live (non-zombie) processes whose environment carries this job's marker: what must be gone after a run. */
export async function markedPids(jobId: string): Promise<number[]> {
  const wanted = `HAPYY_JOB_ID=${jobId}`;
  let unsure = (await listProcs('/proc')).map((p) => p.pid);
  const marked: number[] = [];
  // A process in the middle of exec reads as empty (its environment is not there yet) for a moment: ask it again
  // rather than miss it (a tree that had just forked once read as one process instead of three).
  for (let round = 0; round < 50 && unsure.length > 0; round += 1) {
    if (round > 0) await new Promise((r) => setImmediate(r));
    const answers = await Promise.all(unsure.map(async (pid) => [pid, await environOf(pid)] as const));
    for (const [pid, env] of answers) if (env?.split('\0').includes(wanted)) marked.push(pid);
    unsure = answers.filter(([pid, env]) => env === '' && isRunning(pid)).map(([pid]) => pid);
  }
  return marked.sort((a, b) => a - b);
}

/** A process's environment; null when it is gone or not ours to read. */
const environOf = (pid: number): Promise<string | null> => readFile(`/proc/${pid}/environ`, 'utf8').catch(() => null);

/** Still there, and not a zombie (a zombie's environment reads as empty for good). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Kills whatever a failed test left behind, so one failure cannot leave processes running. */
export async function killMarked(jobId: string): Promise<void> {
  for (const pid of await markedPids(jobId)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** sha256 over every path and file content below `dir`, sorted: changes if anything is added, removed or edited. */
export async function folderChecksum(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (rel: string): Promise<void> => {
    const entries = (await readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = path.join(rel, e.name);
      hash.update(`${e.isDirectory() ? 'd' : 'f'}:${p}\n`);
      if (e.isDirectory()) await walk(p);
      else hash.update(await readFile(path.join(dir, p)));
    }
  };
  await walk('.');
  return hash.digest('hex');
}

/** The two ways a run happens on Linux: inside bubblewrap (with cgroups where usable), and bare (marker only). */
export const sandboxedRunner = (): Runner => createRunner();
export const bareRunner = (): Runner => createRunner({ bwrapPath: null, cgroupRoot: null });

export async function hasBubblewrap(): Promise<boolean> {
  const list = await createRunner().detectProtections();
  return list.some((p) => p.id === 'bubblewrap' && p.active);
}

export async function hasCgroupMemory(): Promise<boolean> {
  const list = await createRunner().detectProtections();
  return list.some((p) => p.id === 'cgroup-memory' && p.active);
}
