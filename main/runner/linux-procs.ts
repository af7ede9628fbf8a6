import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One live process as /proc shows it. Zombies are left out: they hold no memory and cannot be killed further. */
export interface ProcEntry {
  pid: number;
  ppid: number;
  pgid: number;
  comm: string;
  /** Clock ticks since boot; with the pid it names a process uniquely (pids are reused). */
  startTime: number;
}

/** Parses /proc/<pid>/stat. The command name is in parentheses and may itself hold spaces and parentheses. */
export function parseStat(text: string): (ProcEntry & { state: string }) | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).split(' ');
  const pid = Number(text.slice(0, open).trim());
  // Fields after the name: state(0) ppid(1) pgrp(2) … starttime(19).
  const entry = {
    pid,
    comm: text.slice(open + 1, close),
    state: f[0] ?? '',
    ppid: Number(f[1]),
    pgid: Number(f[2]),
    startTime: Number(f[19]),
  };
  return Number.isInteger(pid) && Number.isInteger(entry.ppid) ? entry : null;
}

/**
 * Every live process, or with `fromPid` only those whose pid is at least that (see pidFloor): the other stat files
 * are not read at all, which is most of a listing's cost.
 */
export async function listProcs(procRoot: string, fromPid = 0): Promise<ProcEntry[]> {
  let names: string[];
  try {
    names = await readdir(procRoot);
  } catch {
    return [];
  }
  // Read synchronously: a stat file is generated from kernel counters (no disk, no lock on the process's memory),
  // so a sync read costs ~10 µs, while a promise read costs ~10× that in main-thread time alone (see BENCHMARKS.md).
  const entries: ProcEntry[] = [];
  for (const pid of names) {
    if (!/^\d+$/.test(pid) || Number(pid) < fromPid) continue;
    try {
      const stat = parseStat(readFileSync(path.join(procRoot, pid, 'stat'), 'utf8'));
      if (stat && stat.state !== 'Z' && stat.state !== 'X') entries.push(stat);
    } catch {
      // exited while we looked
    }
  }
  return entries;
}

/** A process's start time (zombies included), read synchronously; null when it is not in /proc. */
export function readStartTime(procRoot: string, pid: number): number | null {
  try {
    return parseStat(readFileSync(path.join(procRoot, String(pid), 'stat'), 'utf8'))?.startTime ?? null;
  } catch {
    return null;
  }
}

/** Resident memory from /proc/<pid>/status (kB there, so no page-size guess); null once it is gone. */
export async function readRssBytes(procRoot: string, pid: number): Promise<number | null> {
  try {
    const status = await readFile(path.join(procRoot, String(pid), 'status'), 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : 0; // kernel threads and exiting processes have no VmRSS
  } catch {
    return null;
  }
}

/**
 * Whether the process's initial environment holds one of `wanted` (e.g. `HAPYY_JOB_ID=abc`).
 * 'unknown' when it could not be read (gone, another user's, mid-exec), so callers do not cache a wrong "no".
 */
export async function readMarker(procRoot: string, pid: number, wanted: ReadonlySet<string>): Promise<'yes' | 'no' | 'unknown'> {
  try {
    const environ = await readFile(path.join(procRoot, String(pid), 'environ'), 'utf8');
    // Empty: a process in the middle of exec (its new memory not set up yet) or a zombie; ask again next time rather
    // than take it for unmarked (the scanner remembers "no" for good).
    if (environ.length === 0) return 'unknown';
    for (const entry of environ.split('\0')) if (wanted.has(entry)) return 'yes';
    return 'no';
  } catch {
    return 'unknown';
  }
}

/** Kernel counters that bound which pids can be handed out from now on (pidFloor). */
export interface PidCounters {
  /** Processes and threads created since boot (`processes` in /proc/stat): every one took a pid. */
  forks: number;
  /** Tasks (threads) alive now (/proc/loadavg), zombies included: they hold the numbers the allocator steps over. */
  threads: number;
  /** The highest pid plus one (/proc/sys/kernel/pid_max): where allocation wraps around. */
  pidMax: number;
}

/** Read synchronously, like stat above (generated from kernel counters); null where /proc does not offer them. */
export function readPidCounters(procRoot: string): PidCounters | null {
  try {
    const forks = Number(/^processes (\d+)$/m.exec(readFileSync(path.join(procRoot, 'stat'), 'utf8'))?.[1]);
    const threads = Number(/ \d+\/(\d+) /.exec(readFileSync(path.join(procRoot, 'loadavg'), 'utf8'))?.[1]);
    const pidMax = Number(readFileSync(path.join(procRoot, 'sys', 'kernel', 'pid_max'), 'utf8').trim());
    return [forks, threads, pidMax].every((n) => Number.isSafeInteger(n) && n > 0) ? { forks, threads, pidMax } : null;
  } catch {
    return null;
  }
}

/**
 * The lowest pid any process started after `rootPid` can have: `rootPid` itself when it is proven, else 0 (no floor).
 * Linux hands pids out cyclically: each new one is above the last, stepping over numbers still in use, until the
 * counter reaches pid_max and wraps. From `before` (read before the root was started) to now, `forks` pids were handed
 * out, and a number in use belongs to a task (as its pid, group or session: three at most each) alive at `before` or
 * made since; if rootPid plus all of those stays below pid_max, nothing wrapped and every process of the run has a
 * pid ≥ rootPid. Only a process with CAP_SYS_ADMIN can choose its pid (ns_last_pid, clone3 set_tid), as it can scrub
 * the job marker the scan looks for: a root tool outside the sandbox that sets out to hide is not found either way.
 */
export function pidFloor(procRoot: string, rootPid: number, before: PidCounters | null): number {
  if (!before) return 0;
  const now = readPidCounters(procRoot);
  if (!now || now.pidMax !== before.pidMax) return 0;
  const handedOut = now.forks - before.forks;
  if (handedOut < 0 || rootPid + handedOut + 3 * (before.threads + handedOut) >= now.pidMax) return 0;
  return rootPid;
}
