import type { execa as Execa } from 'execa';

/** The end of a short, bounded process run (a version probe, the login shell). */
export type BoundedRunResult =
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  | { kind: 'timeout' }
  | { kind: 'failed'; message: string };

export interface BoundedRunOptions {
  timeoutMs: number;
  /** Added to the process environment, or (with `extendEnv: false`) the whole environment. */
  env?: Record<string, string>;
  /** Default true: the app's environment plus `env`. A tool's probe passes false with its allow-listed environment. */
  extendEnv?: boolean;
  platform?: NodeJS.Platform;
  maxBuffer?: number;
}

/** After the limit, wait this long for the streams to close before giving up on them. */
const DRAIN_MS = 500;

function killTree(execa: typeof Execa, pid: number | undefined, platform: NodeJS.Platform): void {
  if (pid === undefined) return;
  try {
    // The child leads its own process group (detached), so a grandchild that holds our pipes dies too.
    if (platform === 'win32') execa('taskkill', ['/pid', String(pid), '/T', '/F'], { reject: false, stdio: 'ignore' });
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs a command with no shell, stdin ignored, in its own process group, and returns within `timeoutMs` + a short
 * drain whatever the command does: on the limit the whole group is killed (a version probe has nothing to clean up,
 * so no grace period), and streams still held open by an escaped grandchild are abandoned.
 */
export async function boundedRun(command: string, args: string[], opts: BoundedRunOptions): Promise<BoundedRunResult> {
  const platform = opts.platform ?? process.platform;
  let timedOut = false;
  // On first use, not with the registry: only probes need it (runner/launch.ts says why that matters).
  const { execa } = await import('execa');
  const child = execa(command, args, {
    stdin: 'ignore',
    reject: false,
    detached: platform !== 'win32',
    windowsHide: true,
    env: opts.env ?? {},
    extendEnv: opts.extendEnv ?? true,
    maxBuffer: opts.maxBuffer ?? 64 * 1024,
    // Backstop for the group kill below.
    timeout: opts.timeoutMs,
    forceKillAfterDelay: 100,
    stripFinalNewline: true,
  });
  let drainTimer: NodeJS.Timeout | undefined;
  const limitTimer = setTimeout(() => {
    timedOut = true;
    killTree(execa, child.pid, platform);
  }, opts.timeoutMs);
  const abandoned = new Promise<'abandoned'>((resolve) => {
    drainTimer = setTimeout(() => resolve('abandoned'), opts.timeoutMs + DRAIN_MS);
  });
  try {
    const result = await Promise.race([child, abandoned]);
    if (result === 'abandoned') {
      child.stdout?.destroy();
      child.stderr?.destroy();
      return { kind: 'timeout' };
    }
    if (timedOut || result.timedOut) return { kind: 'timeout' };
    if (result.failed && result.exitCode === undefined) {
      const code = (result as { code?: string }).code;
      const message = code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'not executable' : (result.shortMessage ?? 'could not start');
      return { kind: 'failed', message };
    }
    if (result.isMaxBuffer) return { kind: 'failed', message: 'printed more than expected' };
    return {
      kind: 'exited',
      exitCode: result.exitCode ?? -1,
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: typeof result.stderr === 'string' ? result.stderr : '',
    };
  } finally {
    clearTimeout(limitTimer);
    clearTimeout(drainTimer);
  }
}
