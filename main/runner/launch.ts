import { spawn, type ChildProcess } from 'node:child_process';
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
 * Starts the tool in this process. POSIX: child_process.spawn, in its own process group (and session), so the tree
 * can be signalled and has no controlling terminal; not execa there, because this is the per-run hot path and
 * execa's stream plumbing cost ~1.7 ms of main-thread time per spawn (BENCHMARKS.md, dispatch) for features the
 * runner does not use. Windows: execa, whose cross-spawn starts `.cmd`/`.bat` shims (npm-installed engines) with
 * correct quoting, which a bare spawn refuses since Node's CVE-2024-27980 fix. execa is loaded there only (as by every
 * other runner module: on first use): it is most of the runner's bundled code, which a `hapyy run` on Linux with its
 * probes kept would load, hash and initialise at every start (~10 ms) without calling it once.
 */
export async function spawnHere(r: LaunchRequest): Promise<Launched> {
  // Nothing is awaited before a POSIX spawn: the start time below is read in the tick that spawned the tool.
  const windows = r.platform === 'win32' ? await import('execa') : null;
  const child: ChildProcess =
    windows
      ? windows.execa(r.file, r.args, {
          cwd: r.cwd,
          env: r.env,
          extendEnv: false,
          stdin: 'ignore',
          stdout: 'pipe',
          stderr: 'pipe',
          buffer: false,
          encoding: 'buffer',
          reject: false,
          cleanup: false,
          forceKillAfterDelay: false,
          windowsHide: true,
        })
      : spawn(r.file, r.args, { cwd: r.cwd, env: r.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<ExitResult>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ error }));
  });
  // Read in the tick that spawned it, before the event loop could reap it: even a tool that has already exited is
  // still in /proc (as a zombie) with its start time.
  const rootStart = child.pid !== undefined && r.platform === 'linux' ? readStartTime(r.procRoot, child.pid) : null;
  return { pid: child.pid, rootStart, stdout: child.stdout, stderr: child.stderr, exited, closed: once(child, 'close').catch(() => undefined) };
}
