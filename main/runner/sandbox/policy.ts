import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exposedFiles, isInside } from './engine-folders';

/**
 * What one run may see, write and reach, as plain data. Built once per run from the run folder and the command
 * line, then rendered per platform: bubblewrap arguments (bwrap.ts) on Linux, a Seatbelt profile (seatbelt.ts) on
 * macOS. Anything not named here is simply not there for the tool: the user's home and /root, /run (and the host's
 * Unix sockets in it), /media, /mnt, /srv, /var, the data folder with its settings and other runs, the user's
 * original project folder.
 */
export interface SandboxPolicy {
  /** Host folders and files shown read-only at their own path. */
  readOnly: string[];
  /** Symlinks made inside, as on the host (merged-/usr's /bin → usr/bin; pipx's ~/.local/bin/ruff → its venv). */
  symlinks: { path: string; target: string }[];
  /** Host folders shown writable at their own path: the run's input, output, tmp and home. */
  writable: string[];
  /** Paths inside a read-only folder that stay hidden (host secrets under /etc, the data folder if it lies there). */
  hidden: { path: string; kind: 'file' | 'dir' }[];
  /** A private, empty /tmp (its size capped where bwrap can). */
  privateTmp: { path: string; sizeBytes: number | null };
  /** Never true: a run has no network (and so no host socket). */
  network: false;
  cwd: string;
  /** What was shown for the engine (its install folder, the bundled tsc package…): recorded per run. */
  engineFolders: string[];
}

/** The system's own folders on Linux, read-only; each one only if the host has it (a symlink is kept a symlink). */
export const LINUX_SYSTEM = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt', '/nix/store'] as const;
/** macOS: the system, Homebrew's prefix (programs, not user data) and what dyld and libc read. */
export const MACOS_SYSTEM = ['/usr', '/bin', '/sbin', '/System', '/Library', '/opt/homebrew', '/private/etc', '/private/var/db/dyld', '/private/var/db/timezone', '/dev'] as const;

/** Host secrets inside /etc that even a read-only /etc must not show (root inside the sandbox still owns them). */
const HIDDEN_SECRETS = ['/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/sudoers', '/etc/sudoers.d', '/etc/ssh', '/etc/ssl/private'];

export interface PolicyInput {
  platform: NodeJS.Platform;
  /** The run folder(s): as given and its real path, when they differ. `<data dir>/runs/<jobId>`. */
  runDirs: readonly string[];
  /** The run's folders the tool may write (absolute). */
  writable: readonly string[];
  cwd: string;
  command: string;
  args: readonly string[];
  /** The tool's PATH, to follow `#!/usr/bin/env node`. */
  pathVar: string | undefined;
  tmpfsBytes: number | null;
  /** Homes never exposed whole; defaults to this user's and the usual roots. */
  homes?: readonly string[];
  /**
   * More to show read-only, named by the run itself (RunRequest.extraReadOnly): the run folder, where intake put the
   * engine's config files found above the project, and the project's own node_modules. Missing paths are skipped.
   */
  extraReadOnly?: readonly string[];
}

type Entry = { kind: 'dir' | 'file' | 'link'; target?: string };

const notLink = (s: Stats): Entry => ({ kind: s.isDirectory() ? 'dir' : 'file' });

async function entry(p: string): Promise<Entry | null> {
  try {
    const s = await lstat(p);
    return s.isSymbolicLink() ? { kind: 'link', target: await readlink(p) } : notLink(s);
  } catch {
    return null;
  }
}

/**
 * The same, synchronously: for the system's own folders and /etc's secrets only, which every run looks up afresh
 * (never cached: a secret made after a cache was filled would be shown). They sit on the root file system, whose
 * entries the kernel has cached, so ~20 look-ups take microseconds; through the thread pool each cost ~25 µs of this
 * thread and a round trip on every sandboxed run's start. Paths on the user's disks stay asynchronous. (A system
 * folder on a hung network mount would block this thread; the tools, which run from those folders, would hang too.)
 */
function systemEntry(p: string): Entry | null {
  try {
    const s = lstatSync(p);
    return s.isSymbolicLink() ? { kind: 'link', target: readlinkSync(p) } : notLink(s);
  } catch {
    return null;
  }
}

export async function buildPolicy(i: PolicyInput): Promise<SandboxPolicy> {
  const readOnly: string[] = [];
  const symlinks: SandboxPolicy['symlinks'] = [];
  const systemList = i.platform === 'darwin' ? MACOS_SYSTEM : LINUX_SYSTEM;
  // The run's own paths (on the user's disks) are looked up in the thread pool meanwhile; every result is used in list
  // order, so the policy is the same as looking one by one.
  const secretsList = i.platform === 'linux' ? HIDDEN_SECRETS : [];
  const extraLookup = Promise.all((i.extraReadOnly ?? []).map(entry));
  const systemEntries = systemList.map(systemEntry);
  const secretEntries = secretsList.map(systemEntry);
  const extraEntries = await extraLookup;
  for (const [k, dir] of systemList.entries()) {
    const e = systemEntries[k];
    if (e?.kind === 'dir') readOnly.push(dir);
    else if (e?.kind === 'link' && e.target !== undefined && i.platform !== 'darwin') symlinks.push({ path: dir, target: e.target });
  }
  // A symlinked system folder (/bin → usr/bin) is visible through its target.
  const visible = [...readOnly, ...symlinks.flatMap((l) => [l.path, path.resolve('/', l.target)])];

  const hidden: SandboxPolicy['hidden'] = [];
  for (const [k, p] of secretsList.entries()) {
    const e = secretEntries[k];
    if (e && e.kind !== 'link') hidden.push({ path: p, kind: e.kind === 'dir' ? 'dir' : 'file' });
  }
  // The data folder (`<data>/runs/<jobId>` → `<data>`), with the settings and every other run, if a visible folder holds it.
  const dataDirs = [...new Set(i.runDirs.map((d) => path.dirname(path.dirname(d))))];
  for (const d of dataDirs) if (visible.some((v) => isInside(d, v) && d !== v)) hidden.push({ path: d, kind: 'dir' });

  const homes = i.homes ?? [os.homedir(), '/root', '/home', '/Users', '/var/root'];
  const files = await exposedFiles(i.command, i.args, i.writable, {
    visible,
    protectedDirs: [...homes, ...dataDirs, ...i.runDirs, '/tmp', '/private/tmp', '/var', '/run', '/media', '/mnt', '/srv'],
    pathVar: i.pathVar,
  });
  const engineFolders = [...new Set(files.flatMap((f) => (f.root ? [f.root] : [])))];
  // Innermost last is not needed (read-only folders never nest usefully); drop folders inside another one.
  const shown = engineFolders.filter((f) => !engineFolders.some((o) => o !== f && isInside(f, o)));
  for (const f of files) {
    const linkVisible = shown.some((s) => isInside(f.given, s)) || visible.some((v) => isInside(f.given, v));
    if (f.given !== f.real && !linkVisible) symlinks.push({ path: f.given, target: f.real });
  }
  const extra: string[] = [];
  for (const [k, p] of (i.extraReadOnly ?? []).entries()) if (extraEntries[k] !== null) extra.push(p);
  return {
    readOnly: [...readOnly, ...shown, ...extra],
    symlinks,
    writable: [...i.writable],
    hidden,
    privateTmp: { path: '/tmp', sizeBytes: i.tmpfsBytes },
    network: false,
    cwd: i.cwd,
    engineFolders: shown,
  };
}
