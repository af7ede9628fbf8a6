import { randomBytes } from 'node:crypto';
import { readFileSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { access, mkdir, readdir, readFile, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Per-run cgroups, where this machine lets us make them: a kernel-enforced memory ceiling for the whole tree
 * (the tree watcher can be outrun by a fast allocator), a kernel-enforced process count, and a membership list
 * no process can leave. Run cgroups are made next to nothing of the machine's own: as children of the app's own
 * cgroup, and removed after each run.
 *
 * cgroup v1 (separate memory and pids hierarchies) works when those folders are writable (typically as root).
 * cgroup v2 works only when the app's cgroup has the controllers delegated to its children; a desktop app in a
 * systemd scope usually does not, and then the tree watcher alone enforces memory.
 */
export interface CgroupPlace {
  version: 1 | 2;
  /** The folder run cgroups are created in. */
  parent: string;
}

export interface CgroupSupport {
  memory: CgroupPlace | null;
  pids: CgroupPlace | null;
  memoryDetail: string;
  pidsDetail: string;
  /**
   * A cgroup v2 folder where a run cgroup can be made and joined, with `cgroup.kill`: ends the whole tree in one
   * write, detached processes included, even without bubblewrap and without any controller delegated.
   */
  kill?: CgroupPlace | null;
  killDetail?: string;
}

type Controller = 'memory' | 'pids';

/** What /proc/self/cgroup says: v1 paths per controller, and the v2 path ("0::/…"). */
export function parseProcCgroup(text: string): { v1: Map<string, string>; v2: string | null } {
  const v1 = new Map<string, string>();
  let v2: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') v2 = m[3] ?? '/';
    else for (const c of (m[2] ?? '').split(',')) v1.set(c, m[3] ?? '/');
  }
  return { v1, v2 };
}

const LIMIT_FILE: Record<1 | 2, Record<Controller, string>> = {
  1: { memory: 'memory.limit_in_bytes', pids: 'pids.max' },
  2: { memory: 'memory.max', pids: 'pids.max' },
};

const uniqueName = (prefix: string): string => `${prefix}${randomBytes(4).toString('hex')}`;

/** Makes a throwaway child cgroup, sets a harmless limit, removes it. Returns null or why not. */
async function tryPlace(place: CgroupPlace, controller: Controller): Promise<string | null> {
  const dir = path.join(place.parent, uniqueName(`hapyy-probe-${process.pid}-`));
  try {
    await mkdir(dir);
  } catch (e) {
    return `cannot create a cgroup in ${place.parent} (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  try {
    await writeFile(path.join(dir, LIMIT_FILE[place.version][controller]), controller === 'memory' ? String(1024 ** 3) : '100');
    return null;
  } catch (e) {
    return `the ${controller} controller is not available to cgroups made by this app (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  } finally {
    await rmdir(dir).catch(() => undefined);
  }
}

const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);

/**
 * Where this process's cgroup v2 lies: `<root>` on a pure v2 system, `<root>/unified` on a hybrid one. A child is
 * made there, a throwaway shell joins it (as a run's launcher will) and `cgroup.kill` must exist; null or why not.
 */
async function probeKill(root: string, v2: string | null): Promise<{ place: CgroupPlace | null; detail: string }> {
  if (v2 === null) return { place: null, detail: 'this system has no cgroup v2 hierarchy' };
  const mount = (await exists(path.join(root, 'cgroup.controllers'))) ? root : path.join(root, 'unified');
  if (!(await exists(path.join(mount, 'cgroup.procs')))) return { place: null, detail: 'no cgroup v2 hierarchy is mounted' };
  const place: CgroupPlace = { version: 2, parent: path.join(mount, v2) };
  const dir = path.join(place.parent, uniqueName(`hapyy-probe-${process.pid}-`));
  try {
    await mkdir(dir);
  } catch (e) {
    return { place: null, detail: `cannot create a cgroup in ${place.parent} (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  try {
    if (!(await exists(path.join(dir, 'cgroup.kill')))) return { place: null, detail: 'this kernel has no cgroup.kill (Linux 5.14 or later)' };
    const { execa } = await import('execa');
    const joined = await execa('/bin/sh', ['-c', 'echo $$ > "$1"', 'hapyy-probe', path.join(dir, 'cgroup.procs')], { reject: false, stdin: 'ignore' });
    if (joined.exitCode !== 0) return { place: null, detail: `a process cannot join a cgroup made under ${place.parent}` };
    return { place, detail: `cgroup v2 under ${place.parent}` };
  } finally {
    await removeDir(dir);
  }
}

export async function probeCgroups(root: string | null, procSelfCgroup = '/proc/self/cgroup'): Promise<CgroupSupport> {
  const none = (why: string): CgroupSupport => ({ memory: null, pids: null, memoryDetail: why, pidsDetail: why, kill: null, killDetail: why });
  if (root === null) return none('cgroups are turned off for this runner');
  let own: ReturnType<typeof parseProcCgroup>;
  try {
    own = parseProcCgroup(await readFile(procSelfCgroup, 'utf8'));
  } catch {
    return none('this system has no cgroups (Linux only)');
  }
  // Memory, pids and cgroup.kill are probed at once (each is a few file operations in its own throwaway cgroup, the
  // last also starts a process): one after the other, they held up a first run's start on a fresh machine.
  const probeController = async (controller: Controller): Promise<{ place: CgroupPlace | null; detail: string }> => {
    const tried: string[] = [];
    const v1Path = own.v1.get(controller);
    const candidates: CgroupPlace[] = [];
    if (v1Path !== undefined && (await exists(path.join(root, controller)))) {
      candidates.push({ version: 1, parent: path.join(root, controller, v1Path) });
    }
    if (own.v2 !== null && (await exists(path.join(root, 'cgroup.controllers')))) {
      candidates.push({ version: 2, parent: path.join(root, own.v2) });
    }
    for (const place of candidates) {
      const why = await tryPlace(place, controller);
      if (why === null) return { place, detail: `cgroup v${place.version} under ${place.parent}` };
      tried.push(`v${place.version}: ${why}`);
    }
    return { place: null, detail: tried.length > 0 ? tried.join('; ') : `no ${controller} cgroup controller is mounted` };
  };
  const [memory, pids, kill] = await Promise.all([probeController('memory'), probeController('pids'), probeKill(root, own.v2)]);
  return { memory: memory.place, pids: pids.place, memoryDetail: memory.detail, pidsDetail: pids.detail, kill: kill.place, killDetail: kill.detail };
}

/** A run cgroup this old with nothing in it is a leftover: a live run's holds its tool until the run removes it. */
export const STALE_RUN_CGROUP_MS = 60 * 60 * 1000;
/** A probe's cgroup lives for milliseconds. */
export const STALE_PROBE_CGROUP_MS = 60 * 1000;

/**
 * Removes the empty cgroups earlier processes left in `parents` when they were killed before they could: a probe's
 * (`hapyy-probe-<pid>-…`) once that pid is gone and a minute has passed, a run's once it is older than
 * STALE_RUN_CGROUP_MS (recovery removes a crashed run's at the next start, but not when its data folder went too).
 * rmdir only ever takes an empty cgroup, so one with a process in it stays whatever its name says. Returns how many
 * went.
 */
export async function sweepStaleCgroups(parents: readonly string[], now = Date.now()): Promise<number> {
  let removed = 0;
  for (const parent of new Set(parents)) {
    const names = (await readdir(parent).catch(() => [] as string[])).filter((n) => n.startsWith('hapyy-'));
    for (const name of names) {
      const dir = path.join(parent, name);
      const probePid = /^hapyy-probe-(\d+)-/.exec(name)?.[1];
      // A probe's pid could be another PID namespace's (a container on the same hierarchy): a minute old as well.
      const stale = probePid !== undefined ? !pidAlive(Number(probePid)) && (await olderThan(dir, now - STALE_PROBE_CGROUP_MS)) : await olderThan(dir, now - STALE_RUN_CGROUP_MS);
      if (stale && (await rmdir(dir).then(() => true, () => false))) removed += 1;
    }
  }
  return removed;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const olderThan = (dir: string, before: number): Promise<boolean> => stat(dir).then((s) => s.ctimeMs < before, () => false);

/** Where this machine's run cgroups are made (each hierarchy once). */
export const cgroupParents = (support: CgroupSupport): string[] =>
  [support.memory, support.pids, support.kill].flatMap((p) => (p ? [p.parent] : []));

/** Folder-safe form of a job id; killLeftovers finds a crashed run's cgroups by it. */
export const cgroupPrefix = (jobId: string): string => `hapyy-${jobId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80)}-`;

export interface RunCgroup {
  /** cgroup.procs files the launcher joins before it execs the tool. */
  procsFiles: string[];
  /** 'cgroup-memory', 'cgroup-pids' and/or 'cgroup-kill', as set up. */
  protections: string[];
  pids(): Promise<number[]>;
  /** Processes the kernel's OOM killer ended inside this cgroup. */
  oomKills(): Promise<number>;
  /** SIGKILL to every process in the run's cgroup at once (cgroup v2 `cgroup.kill`); nothing where there is none. */
  killAll(): Promise<void>;
  /**
   * The run's cgroup v2 with `cgroup.kill`, when it has one. The launcher joins it before anything of the tool runs
   * (or the run does not start), so it holds the whole tree, whatever detached.
   */
  killGroup: KillGroup | null;
  /** Ends what is left inside (killAll), then removes the folders; false if one would not go. */
  remove(): Promise<boolean>;
}

export interface KillGroup {
  pids(): Promise<number[]>;
  /**
   * Resolves true once no process is left in the cgroup (the kernel's `populated 0` event), false after `ms`.
   * `wakes`: events after which it may well be empty (the tool's main process exited, its output pipes closed):
   * looked at once more on each. The kernel sends cgroup.events changes at most once per 10 ms
   * (CGROUP_FILE_NOTIFY_MIN_INTV), so the event that says empty could come that much after the last process; a cancel
   * waited 13–15 ms for it where the tree was gone within 1 ms.
   */
  whenEmpty(ms: number, wakes?: readonly Promise<unknown>[]): Promise<boolean>;
}

function killGroupAt(dir: string): KillGroup {
  const eventsFile = path.join(dir, 'cgroup.events');
  const empty = (): boolean => /^populated 0$/m.test(readFileSync(eventsFile, 'utf8'));
  return {
    pids: async () => readPidsNow(dir),
    whenEmpty: (ms, wakes = []) =>
      new Promise<boolean>((resolve) => {
        let done = false;
        let watcher: FSWatcher | null = null;
        const finish = (v: boolean): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          watcher?.close();
          resolve(v);
        };
        const check = (): void => {
          if (done) return;
          try {
            if (empty()) finish(true);
          } catch {
            finish(false);
          }
        };
        const timer = setTimeout(() => finish(false), ms);
        try {
          // The kernel notifies a change of cgroup.events (inotify): no polling. Watch first, then read, so an
          // emptying between the two is not missed.
          watcher = watch(eventsFile, check);
          watcher.on('error', () => finish(false));
        } catch {
          finish(false);
          return;
        }
        check();
        for (const w of wakes) void w.then(check, check);
      }),
  };
}

async function readPids(dir: string): Promise<number[]> {
  try {
    return (await readFile(path.join(dir, 'cgroup.procs'), 'utf8')).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * cgroup.procs and cgroup.events read synchronously on the stop path: cgroupfs makes them from kernel state (no
 * disk, nothing of the processes' memory), so a read takes microseconds, less than one thread-pool round trip,
 * and a cancel waits on several of them in a row.
 */
function readPidsNow(dir: string): number[] {
  try {
    return readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** `retryMs`: how long to keep trying while the cgroup is busy (a dying process has not left yet). */
async function removeDir(dir: string, retryMs = 2000): Promise<boolean> {
  // Not synchronous, though cgroupfs does no disk work: taking a cgroup down is kernel work (its controllers go
  // offline) measured at ~0.35 ms a folder on the main thread, three folders a run. On the thread pool it costs a run
  // one round trip of waiting instead, and the main thread is free for the other runs meanwhile.
  try {
    await rmdir(dir);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
  }
  // About 2 s in all, as before, but the first retries come within milliseconds (a run's end waits for this).
  for (let waited = 0, wait = 1; waited < retryMs; waited += wait, wait = Math.min(wait * 2, 50)) {
    try {
      await rmdir(dir);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
      await sleep(wait); // EBUSY: a dying process has not left yet
    }
  }
  return false;
}

/**
 * pids.max counts tasks, threads included, and a JVM or V8 engine runs dozens of threads per process. So the
 * kernel limit is a backstop against fork bombs that outrun the process-count watcher (which counts processes
 * exactly and enforces the user's number): 8 tasks per allowed process, plus bubblewrap's two.
 */
export const cgroupTaskLimit = (processes: number): number => processes * 8 + 2;

const PROTECTION_ORDER = ['cgroup-memory', 'cgroup-pids', 'cgroup-kill'];

export async function createRunCgroup(
  support: CgroupSupport,
  jobId: string,
  limits: { memoryBytes: number; tasks: number },
): Promise<RunCgroup | null> {
  const name = uniqueName(cgroupPrefix(jobId));
  const dirs = new Map<string, CgroupPlace>();
  const protections: string[] = [];
  let memoryDir: string | null = null;
  let killDir: string | null = null;
  // Each hierarchy's folder is made at once (they are independent): a run waits for one mkdir, not three.
  const made = new Map<string, Promise<boolean>>();
  const folder = (place: CgroupPlace): Promise<boolean> => {
    const dir = path.join(place.parent, name);
    let p = made.get(dir);
    if (!p) {
      p = mkdir(dir).then(
        () => (dirs.set(dir, place), true),
        () => false,
      );
      made.set(dir, p);
    }
    return p;
  };
  const limit = async (controller: 'memory' | 'pids', place: CgroupPlace): Promise<void> => {
    if (!(await folder(place))) return; // this controller failed for this run; the watcher still covers it
    const dir = path.join(place.parent, name);
    const value = controller === 'memory' ? limits.memoryBytes : limits.tasks;
    try {
      // Written synchronously, like the reads on the stop path (readPidsNow): a limit file of a cgroup nothing has
      // joined yet is set by the kernel in microseconds (no disk, nothing to reclaim), less than the three thread-pool
      // round trips (open, write, close) of an asynchronous write, and a run's start waits for it.
      writeFileSync(path.join(dir, LIMIT_FILE[place.version][controller]), String(value));
      // v1 counts swap separately; cap memory+swap too so the limit cannot be sidestepped by swapping.
      if (controller === 'memory' && place.version === 1) {
        try {
          writeFileSync(path.join(dir, 'memory.memsw.limit_in_bytes'), String(value));
        } catch {
          // No swap accounting on this kernel: the memory limit alone holds.
        }
      }
      if (controller === 'memory') memoryDir = dir;
      protections.push(`cgroup-${controller}`);
    } catch {
      // As above: the watcher still covers it.
    }
  };
  const kill = async (place: CgroupPlace): Promise<void> => {
    // Not made: not this run; the tree scan still ends what it finds.
    if (await folder(place)) killDir = path.join(place.parent, name);
  };
  await Promise.all([
    support.memory ? limit('memory', support.memory) : undefined,
    support.pids ? limit('pids', support.pids) : undefined,
    support.kill ? kill(support.kill) : undefined,
  ]);
  if (killDir !== null) protections.push('cgroup-kill');
  // Stable order for the record, whatever finished first.
  protections.sort((a, b) => PROTECTION_ORDER.indexOf(a) - PROTECTION_ORDER.indexOf(b));
  if (dirs.size === 0) return null;
  const all = [...dirs.keys()];
  /** One write ends every process in the run's cgroup, those that detached included (and any forking meanwhile). */
  const killAll = async (): Promise<void> => {
    if (!killDir) return;
    try {
      // One kernel write, no disk: synchronous (see the limits above), and a cancel waits for it.
      writeFileSync(path.join(killDir, 'cgroup.kill'), '1');
    } catch {
      // Gone already; nothing left to kill.
    }
  };
  return {
    procsFiles: all.map((d) => path.join(d, 'cgroup.procs')),
    protections,
    pids: async () => [...new Set(all.flatMap(readPidsNow))],
    oomKills: async () => {
      if (memoryDir === null) return 0;
      const v = dirs.get(memoryDir)?.version === 1 ? 'memory.oom_control' : 'memory.events';
      const text = await readFile(path.join(memoryDir, v), 'utf8').catch(() => '');
      return Number(/^oom_kill (\d+)/m.exec(text)?.[1] ?? 0);
    },
    killAll,
    killGroup: killDir ? killGroupAt(killDir) : null,
    remove: async () => {
      // A run's end has usually emptied its cgroups already (the kernel said so): then no kill write is needed.
      // If one would not go (a process joined meanwhile), the kill and the removal are tried again.
      if (all.some((d) => readPidsNow(d).length > 0)) await killAll();
      if ((await Promise.all(all.map((d) => removeDir(d, 0)))).every(Boolean)) return true;
      await killAll();
      return (await Promise.all(all.map((d) => removeDir(d)))).every(Boolean);
    },
  };
}

/** cgroups left by runs of these jobs (after a crash): their folders and the processes still inside. */
export async function findRunCgroups(support: CgroupSupport, jobIds: string[]): Promise<{ dirs: string[]; pids: number[] }> {
  const prefixes = jobIds.map(cgroupPrefix);
  const parents = new Set([support.memory?.parent, support.pids?.parent, support.kill?.parent].filter((p): p is string => p !== undefined));
  const dirs: string[] = [];
  for (const parent of parents) {
    const names = await readdir(parent).catch(() => [] as string[]);
    for (const n of names) if (prefixes.some((p) => n.startsWith(p))) dirs.push(path.join(parent, n));
  }
  return { dirs, pids: [...new Set((await Promise.all(dirs.map(readPids))).flat())] };
}

/** Removes a cgroup folder, retrying for about 2 s while a dying process has not left it. */
export const removeCgroupDir = (dir: string): Promise<boolean> => removeDir(dir);

/**
 * Launcher that moves itself into the run's cgroups, then execs the rest of its arguments. Joining before exec
 * (rather than writing the pid from the app after spawn) means no child can fork before the limits apply.
 * It also sets the file-size limit (RLIMIT_FSIZE, soft and hard) when asked, so the chain needs no separate
 * `prlimit` exec (one process start less per run). POSIX `ulimit -f` counts 512-byte blocks: the limit is rounded
 * down to a whole block, never above what was asked. A fixed script with positional arguments: no user text is
 * ever parsed by the shell.
 */
const JOIN_SCRIPT =
  'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n - 1)); done; ' +
  'if [ "$1" != none ]; then ulimit -f "$1" || exit 125; fi; shift; exec "$@"';

export function joinCgroupArgs(procsFiles: string[], fileSizeBytes?: number): string[] {
  const blocks = fileSizeBytes === undefined ? 'none' : String(Math.max(1, Math.floor(fileSizeBytes / 512)));
  return ['/bin/sh', '-c', JOIN_SCRIPT, 'hapyy-join', String(procsFiles.length), ...procsFiles, blocks];
}
