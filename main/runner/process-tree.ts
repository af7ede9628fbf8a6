import { JOB_MARKER } from './env';
import { listProcs, pidFloor, readMarker, readRssBytes, readStartTime, type PidCounters, type ProcEntry } from './linux-procs';

export interface TreeMember {
  pid: number;
  ppid: number;
  comm: string;
}

export interface TreeSnapshot {
  members: TreeMember[];
  /** Summed resident memory of the members; null where this platform does not tell. */
  rssBytes: number | null;
}

/** Finds every live process of one run. */
export interface TreeScanner {
  members(): Promise<TreeMember[]>;
  /** `procs`: a process list already taken this tick (the shared sampler's), where the platform has one. */
  snapshot(procs?: readonly ProcEntry[] | null): Promise<TreeSnapshot>;
}

export interface TreeScannerOptions {
  platform: NodeJS.Platform;
  procRoot: string;
  rootPid: number;
  /** The root's /proc start time, when whoever started it has read it already (before anything could reap it). */
  rootStart?: number | null;
  jobId: string;
  /**
   * Linux: the pid counters read just before the root was started. With them a scan of its own reads only pids the
   * run's processes can have (pidFloor), not every process's stat file.
   */
  pidsBefore?: PidCounters | null;
  /** Members known some other way (the run's cgroup). */
  extraPids?: () => Promise<number[]>;
}

export function createTreeScanner(o: TreeScannerOptions): TreeScanner {
  if (o.platform === 'linux') return new LinuxTreeScanner(o);
  if (o.platform === 'win32') return new WindowsRootScanner(o.rootPid);
  return new PsTreeScanner(o.rootPid);
}

export const markerEntry = (jobId: string): string => `${JOB_MARKER}=${jobId}`;

/** Everything reachable from `seeds` by parent links (children, grandchildren…). */
function withDescendants(procs: readonly ProcEntry[], seeds: Set<number>): Set<number> {
  const children = new Map<number, number[]>();
  for (const p of procs) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const stack = [...seeds];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop() as number) ?? []) {
      if (!seeds.has(child)) {
        seeds.add(child);
        stack.push(child);
      }
    }
  }
  return seeds;
}

/**
 * Linux: the root, its process group, the cgroup's members, every process whose environment carries the job
 * marker (that is how a grandchild that called setsid and was re-parented to init is still found) and all their
 * descendants. A process that scrubs the marker from its environment and detaches escapes this, though not a PID
 * namespace or cgroup.
 */
class LinuxTreeScanner implements TreeScanner {
  private readonly wanted: ReadonlySet<string>;
  /** `pid:startTime` of processes already seen without the marker; environments do not change after exec. */
  private unmarked = new Set<string>();
  /** The root's start time when first seen: a later process that reuses its pid (or group id) is not ours. */
  private rootStart: number | null = null;

  constructor(private readonly o: TreeScannerOptions) {
    this.wanted = new Set([markerEntry(o.jobId)]);
    // Made in the tick that spawned the root, before the event loop could reap it: even a tool that has already
    // exited is still in /proc (as a zombie) with its start time.
    this.rootStart = o.rootStart !== undefined ? o.rootStart : readStartTime(o.procRoot, o.rootPid);
  }

  async members(list?: readonly ProcEntry[] | null): Promise<TreeMember[]> {
    const own = list ? null : await listProcs(this.o.procRoot, pidFloor(this.o.procRoot, this.o.rootPid, this.o.pidsBefore ?? null));
    const procs = (list ?? own ?? []).filter((p) => p.pid !== process.pid && p.pid !== 1);
    const byPid = new Map(procs.map((p) => [p.pid, p]));
    const seeds = new Set<number>();
    const root = byPid.get(this.o.rootPid);
    if (root && this.rootStart === null) this.rootStart = root.startTime;
    if (!root || root.startTime === this.rootStart) {
      for (const p of procs) if (p.pid === this.o.rootPid || p.pgid === this.o.rootPid) seeds.add(p.pid);
    }
    for (const pid of (await this.o.extraPids?.()) ?? []) if (byPid.has(pid)) seeds.add(pid);
    const seen = new Set<string>();
    await Promise.all(
      procs.map(async (p) => {
        const key = `${p.pid}:${p.startTime}`;
        seen.add(key);
        // A process older than the root cannot carry its marker: the marker is inherited, never acquired.
        if (seeds.has(p.pid) || this.unmarked.has(key) || (this.rootStart !== null && p.startTime < this.rootStart)) return;
        const marker = await readMarker(this.o.procRoot, p.pid, this.wanted);
        if (marker === 'yes') seeds.add(p.pid);
        else if (marker === 'no') this.unmarked.add(key);
      }),
    );
    this.unmarked = new Set([...this.unmarked].filter((k) => seen.has(k)));
    return [...withDescendants(procs, seeds)].flatMap((pid) => {
      const p = byPid.get(pid);
      return p ? [{ pid, ppid: p.ppid, comm: p.comm }] : [];
    });
  }

  async snapshot(procs?: readonly ProcEntry[] | null): Promise<TreeSnapshot> {
    const members = await this.members(procs);
    const rss = await Promise.all(members.map((m) => readRssBytes(this.o.procRoot, m.pid)));
    return { members, rssBytes: rss.reduce<number>((sum, r) => sum + (r ?? 0), 0) };
  }
}

/**
 * macOS (and other Unixes): `ps` gives parent links, groups and RSS but not other processes' environments, so the
 * tree is the root, its group and their descendants. A grandchild that starts its own session and is re-parented
 * to launchd is not found after its parent exits.
 */
class PsTreeScanner implements TreeScanner {
  constructor(private readonly rootPid: number) {}

  private async ps(): Promise<(ProcEntry & { rss: number })[]> {
    const { execa } = await import('execa');
    const r = await execa('ps', ['-A', '-o', 'pid=,ppid=,pgid=,rss=,stat=,comm='], { reject: false, extendEnv: true });
    return String(r.stdout ?? '')
      .split('\n')
      .flatMap((line) => {
        const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
        if (!m || m[5]?.startsWith('Z')) return [];
        return [{ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), rss: Number(m[4]) * 1024, comm: m[6] ?? '', startTime: 0 }];
      });
  }

  async members(): Promise<TreeMember[]> {
    return (await this.snapshot()).members;
  }

  async snapshot(): Promise<TreeSnapshot> {
    const procs = (await this.ps()).filter((p) => p.pid !== process.pid && p.pid !== 1);
    const seeds = new Set(procs.filter((p) => p.pid === this.rootPid || p.pgid === this.rootPid).map((p) => p.pid));
    const tree = withDescendants(procs, seeds);
    const members = procs.filter((p) => tree.has(p.pid));
    return {
      members: members.map(({ pid, ppid, comm }) => ({ pid, ppid, comm })),
      rssBytes: members.reduce((sum, p) => sum + p.rss, 0),
    };
  }
}

/**
 * Windows: only the root is tracked here; `taskkill /T` walks the tree when ending it (see tree-kill.ts).
 * Memory of the tree is not measured (a Job Object would be needed, which takes native code).
 */
class WindowsRootScanner implements TreeScanner {
  constructor(private readonly rootPid: number) {}

  async members(): Promise<TreeMember[]> {
    try {
      process.kill(this.rootPid, 0);
      return [{ pid: this.rootPid, ppid: process.pid, comm: '' }];
    } catch {
      return [];
    }
  }

  async snapshot(): Promise<TreeSnapshot> {
    return { members: await this.members(), rssBytes: null };
  }
}
