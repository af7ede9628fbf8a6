import { setTimeout as sleep } from 'node:timers/promises';
import type { TreeMember, TreeScanner } from './process-tree';

export interface EndTreeOptions {
  scanner: TreeScanner;
  graceMs: number;
  /**
   * Processes spared the SIGTERM round. bubblewrap is one: a SIGTERM ends it at once and its PID namespace takes
   * the tool down with SIGKILL, so the tool would never see its grace period. They still get the SIGKILL.
   */
  isWrapper?: (m: TreeMember) => boolean;
  pollMs?: number;
  /** After the grace period, how long to keep sending SIGKILL before giving up (e.g. a process stuck in the kernel). */
  giveUpAfterMs?: number;
  kill?: (pid: number, signal: NodeJS.Signals) => void;
  now?: () => number;
  /**
   * Empty scans in a row that make the tree gone (default 2, see endTree). 1 where the scan only looks for what
   * escaped a cgroup the kernel has already reported empty: the tree's own fork-and-exit traffic stayed inside it.
   */
  emptyScans?: 1 | 2;
}

export interface EndTreeResult {
  /** Distinct processes signalled. */
  signalled: number;
  /** Pids still alive when we gave up; empty when the whole tree is gone. */
  remaining: number[];
}

/** A signal to one process; ESRCH (already gone) and EPERM (not ours to end; it shows in `remaining`) are ignored. */
export const signal = (pid: number, sig: NodeJS.Signals): void => {
  try {
    process.kill(pid, sig);
  } catch {
    // See above.
  }
};
const defaultKill = signal;

/**
 * SIGTERM to the whole tree, SIGKILL after the grace period, and back only when every process is gone.
 * Each poll re-scans, so processes forked meanwhile (or a fork bomb) are caught too. Where the run has a cgroup with
 * cgroup.kill, the runner ends it in one step instead (ToolRun.endContained); this is for the rest.
 */
export async function endTree(o: EndTreeOptions): Promise<EndTreeResult> {
  const kill = o.kill ?? defaultKill;
  const now = o.now ?? Date.now;
  const pollMs = o.pollMs ?? 50;
  const killAt = now() + o.graceMs;
  const giveUpAt = killAt + (o.giveUpAfterMs ?? 10_000);
  const signalled = new Set<number>();
  const termed = new Set<number>();
  // Quick looks first (a cooperative tree is usually gone within milliseconds), then every pollMs.
  let wait = 2;
  // A scan lists /proc, then reads each process: a process listed there may fork and exit before it is read, and
  // its child was not listed. So "gone" takes two empty scans in a row: the second listing shows any such child.
  const needed = o.emptyScans ?? 2;
  let empties = 0;
  for (;;) {
    const members = await o.scanner.members();
    if (members.length === 0) {
      empties += 1;
      if (empties >= needed) return { signalled: signalled.size, remaining: [] };
      continue;
    }
    empties = 0;
    const t = now();
    if (t >= giveUpAt) return { signalled: signalled.size, remaining: members.map((m) => m.pid) };
    for (const m of members) {
      if (t >= killAt) {
        kill(m.pid, 'SIGKILL');
        signalled.add(m.pid);
      } else if (!termed.has(m.pid) && !o.isWrapper?.(m)) {
        kill(m.pid, 'SIGTERM');
        termed.add(m.pid);
        signalled.add(m.pid);
      }
    }
    await sleep(Math.max(1, Math.min(wait, pollMs, killAt > t ? killAt - t : pollMs)));
    wait *= 2;
  }
}

/**
 * Windows: `taskkill /T /F` ends the process and the children it can find by parent id. Limits: no grace period
 * (console programs ignore the polite form), and a descendant whose parent already exited is not found. A Job
 * Object would close both gaps but needs native code.
 */
export async function endTreeWindows(rootPid: number, alive: () => Promise<boolean>): Promise<EndTreeResult> {
  const { execa } = await import('execa');
  await execa('taskkill', ['/T', '/F', '/PID', String(rootPid)], { reject: false, windowsHide: true });
  for (let i = 0; i < 100 && (await alive()); i += 1) await sleep(50);
  return { signalled: 1, remaining: (await alive()) ? [rootPid] : [] };
}
