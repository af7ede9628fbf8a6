import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { RUN_LAYOUT } from '../store/layout';

export interface BwrapOptions {
  /** The folders the tool may write, each bound at its own path (see launch-plan.ts: the run folder's workspace). */
  runDirs: string[];
  cwd: string;
  /** Size cap of the private /tmp; null where this bwrap has no --size (before 0.7). */
  tmpfsBytes: number | null;
  /** Folders under /tmp the tool must still see, read-only: where its program and the files it is given live. */
  exposeUnderTmp?: string[];
}

/** The folders under /tmp that a command line needs: the program's and each absolute argument's (not the run's own). */
export function foldersUnderTmp(command: string, args: readonly string[], runDirs: readonly string[]): string[] {
  const inTmp = (p: string) => p.startsWith('/tmp/');
  const inRun = (p: string) => runDirs.some((d) => p === d || p.startsWith(`${d}/`));
  const folders = new Set<string>();
  for (const p of [command, ...args]) {
    if (path.isAbsolute(p) && inTmp(p) && !inRun(p)) folders.add(path.dirname(p));
  }
  return [...folders].filter((f) => f !== '/tmp');
}

/**
 * bubblewrap's arguments for one run, up to and including `--`:
 * no network; the whole system read-only (the user's project and home included); fresh /dev, /proc and a private
 * /tmp; only the given folders writable, at their own paths so arguments naming them still work; its own PID namespace,
 * so ending bwrap ends every process inside; dies with the app; a new session, so the tool cannot push keystrokes
 * into a terminal (TIOCSTI); all capabilities dropped, so a tool run as root cannot remount anything writable.
 */
export function bwrapArgs(o: BwrapOptions): string[] {
  return [
    '--die-with-parent',
    '--new-session',
    '--unshare-net',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--cap-drop',
    'ALL',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    ...(o.tmpfsBytes === null ? [] : ['--size', String(o.tmpfsBytes)]),
    '--tmpfs',
    '/tmp',
    // The private /tmp would hide a program or input that lives there; show those folders, read-only.
    ...(o.exposeUnderTmp ?? []).flatMap((d) => ['--ro-bind-try', d, d]),
    ...o.runDirs.flatMap((d) => ['--bind', d, d]),
    '--chdir',
    o.cwd,
    '--',
  ];
}

export interface BwrapProbe {
  ok: boolean;
  tmpfsSize: boolean;
  detail: string;
}

/**
 * Runs `true` inside the same sandbox a tool gets. bwrap can be installed and still unusable (unprivileged user
 * namespaces disabled, AppArmor), and only a real run tells.
 */
export async function probeBwrap(bwrapPath: string, truePath: string): Promise<BwrapProbe> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hapyy-bwrap-probe-'));
  try {
    await mkdir(path.join(dir, RUN_LAYOUT.input));
    let lastError = '';
    for (const tmpfsBytes of [1024 * 1024, null]) {
      const args = [...bwrapArgs({ runDirs: [dir], cwd: path.join(dir, RUN_LAYOUT.input), tmpfsBytes }), truePath];
      const r = await execa(bwrapPath, args, { reject: false, timeout: 10_000, stdin: 'ignore', all: true });
      if (r.exitCode === 0) return { ok: true, tmpfsSize: tmpfsBytes !== null, detail: 'bubblewrap works on this machine' };
      lastError = String(r.all ?? '').trim() || r.shortMessage || `exit code ${String(r.exitCode)}`;
    }
    return { ok: false, tmpfsSize: false, detail: `bubblewrap is installed but cannot start a sandbox here: ${lastError}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
