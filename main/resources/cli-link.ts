import { lstat, mkdir, readlink, symlink, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * macOS "Install 'hapyy' command in PATH" (as VS Code's "Install 'code' command in PATH"): a symlink
 * /usr/local/bin/hapyy → the launcher inside the app bundle (Contents/Resources/bin/hapyy, electron-builder.yml's
 * extraResources). Made directly when the folder is writable (Homebrew's /usr/local on Intel Macs often is), else
 * through one `osascript … with administrator privileges`, which shows macOS's own password prompt. Plain Node: the
 * menu item (main/app/menu.ts) only calls installCliLink and shows the result.
 */

/** Where the link goes: on PATH by default on every macOS, and where VS Code puts `code`. */
export const CLI_LINK_PATH = '/usr/local/bin/hapyy';

/** The POSIX launcher in an installed app's resources folder. */
export const cliLauncherPath = (resourcesPath: string): string => join(resourcesPath, 'bin', 'hapyy');

/** What is at the link's place now. */
export type LinkState = { kind: 'absent' } | { kind: 'ours' } | { kind: 'other-link'; to: string } | { kind: 'not-a-link' };

export async function linkState(link: string, target: string): Promise<LinkState> {
  let s;
  try {
    s = await lstat(link);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw e;
  }
  if (!s.isSymbolicLink()) return { kind: 'not-a-link' };
  const to = await readlink(link);
  return to === target ? { kind: 'ours' } : { kind: 'other-link', to };
}

/** A word for /bin/sh: single-quoted, a ' inside written as '\''. */
export const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A string literal for AppleScript: backslashes and double quotes escaped. */
export const appleScriptString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The shell command that makes the link (the folder first: a fresh Apple-silicon Mac has no /usr/local/bin). */
export function linkShellCommand(target: string, link: string): string {
  return `/bin/mkdir -p ${shQuote(dirname(link))} && /bin/ln -sfn ${shQuote(target)} ${shQuote(link)}`;
}

/** The exact command line that asks for admin rights (macOS's own prompt) and runs linkShellCommand as root. */
export function adminLinkCommand(target: string, link: string): { file: string; args: string[] } {
  const script = `do shell script ${appleScriptString(linkShellCommand(target, link))} with administrator privileges`;
  return { file: '/usr/bin/osascript', args: ['-e', script] };
}

export type InstallOutcome =
  | { kind: 'already'; link: string }
  | { kind: 'linked'; link: string; asAdmin: boolean; replaced: string | null }
  | { kind: 'refused'; link: string; reason: string }
  | { kind: 'failed'; link: string; reason: string };

export interface InstallCliLinkOptions {
  target: string;
  link?: string;
  /** Runs a command (the osascript one), resolving with its exit code and stderr. */
  run: (file: string, args: string[]) => Promise<{ code: number | null; stderr: string }>;
  /** The direct attempt; injectable because a test running as root cannot be refused permission. */
  linkDirectly?: (target: string, link: string) => Promise<void>;
}

async function defaultLinkDirectly(target: string, link: string): Promise<void> {
  await mkdir(dirname(link), { recursive: true });
  await unlink(link).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  await symlink(target, link);
}

const isPermission = (e: unknown): boolean => ['EACCES', 'EPERM', 'EROFS'].includes((e as NodeJS.ErrnoException).code ?? '');

/**
 * Links `link` → `target`: nothing to do when it already does; a link elsewhere (an older copy of the app) is
 * replaced; a real file there is never overwritten (it is someone else's program). Admin rights are asked for only
 * when the direct attempt is refused permission; a cancelled prompt is a failure that says so.
 */
export async function installCliLink(opts: InstallCliLinkOptions): Promise<InstallOutcome> {
  const link = opts.link ?? CLI_LINK_PATH;
  const state = await linkState(link, opts.target);
  if (state.kind === 'ours') return { kind: 'already', link };
  if (state.kind === 'not-a-link') {
    return { kind: 'refused', link, reason: `${link} exists and is not a link; remove it yourself if it is an old hapyy, then try again.` };
  }
  const replaced = state.kind === 'other-link' ? state.to : null;
  try {
    await (opts.linkDirectly ?? defaultLinkDirectly)(opts.target, link);
    return { kind: 'linked', link, asAdmin: false, replaced };
  } catch (e) {
    if (!isPermission(e)) return { kind: 'failed', link, reason: (e as Error).message };
  }
  const { file, args } = adminLinkCommand(opts.target, link);
  const r = await opts.run(file, args);
  if (r.code !== 0) {
    // osascript says "User canceled. (-128)" when the prompt is dismissed.
    const reason = /-128/.test(r.stderr) ? 'the administrator prompt was cancelled' : r.stderr.trim() || `osascript exited with code ${String(r.code)}`;
    return { kind: 'failed', link, reason };
  }
  return { kind: 'linked', link, asAdmin: true, replaced };
}

/** One sentence for the dialog. */
export function describeInstall(o: InstallOutcome): string {
  switch (o.kind) {
    case 'already':
      return `The hapyy command is already installed at ${o.link}.`;
    case 'linked':
      return `The hapyy command is installed at ${o.link}${o.replaced ? ` (it pointed to ${o.replaced} before)` : ''}. Open a new terminal and run \`hapyy --help\`.`;
    case 'refused':
    case 'failed':
      return `The hapyy command was not installed: ${o.reason}`;
  }
}
