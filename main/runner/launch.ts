import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { readStartTime } from './linux-procs';

/** What the runner asks to start: the launch plan's command line, in the tool's folder and environment. */
export interface LaunchRequest {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  procRoot: string;
}

export type ExitResult = { code: number | null; signal: string | null } | { error: Error };

/** A started tool: its pid and start time (the tree watch's anchor), its two output streams, its end. */
export interface Launched {
  pid: number | undefined;
  /** /proc start time of `pid`, read before anything could reap it; null where there is no /proc. */
  rootStart: number | null;
  stdout: Readable | null;
  stderr: Readable | null;
  /** The main process's exit (or why it never started). */
  exited: Promise<ExitResult>;
  /** Its exit seen and its streams closed (or the streams given up on). */
  closed: Promise<unknown>;
}

/**
 * child_process.spawn in this process. Own process group (and session) on POSIX: the tree can be signalled, and no
 * controlling terminal. Not execa: this is the per-run hot path, and execa's stream plumbing cost ~1.7 ms of
 * main-thread time per spawn (BENCHMARKS.md, dispatch), for features the runner does not use.
 */
export function spawnHere(r: LaunchRequest): Launched {
  const child = spawn(r.file, r.args, {
    cwd: r.cwd,
    env: r.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: r.platform !== 'win32',
    windowsHide: true,
  });
  const exited = new Promise<ExitResult>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ error }));
  });
  // Read in the tick that spawned it, before the event loop could reap it: even a tool that has already exited is
  // still in /proc (as a zombie) with its start time.
  const rootStart = child.pid !== undefined && r.platform === 'linux' ? readStartTime(r.procRoot, child.pid) : null;
  return { pid: child.pid, rootStart, stdout: child.stdout, stderr: child.stderr, exited, closed: once(child, 'close').catch(() => undefined) };
}
