import { execFile } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Menu, MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildMenu, INSTALL_CLI_LABEL } from '../../../main/app/menu';
import type { ElectronModule } from '../../../main/app/shell';
import { adminLinkCommand, CLI_LINK_PATH, cliLauncherPath, installCliLink, type InstallCliLinkOptions } from '../../../main/resources/cli-link';
import { readBuilderConfig } from './builder-config';

/**
 * macOS "Install 'hapyy' command in PATH". The linking logic is plain Node and runs here for real, in a temporary
 * folder standing in for /usr/local/bin. Two things cannot run on Linux and are stood in for, saying so: a refused
 * direct attempt (the tests run as root, whom nothing refuses) and macOS's administrator prompt (osascript): the
 * AppleScript's shell command is taken out of the exact osascript argument and run with /bin/sh, as macOS would.
 */
const sh = promisify(execFile);

/** The shell command inside `do shell script "…" with administrator privileges`, AppleScript escapes undone. */
function shellCommandOf(args: string[]): string {
  expect(args[0]).toBe('-e');
  const m = /^do shell script "((?:[^"\\]|\\.)*)" with administrator privileges$/.exec(args[1] ?? '');
  if (!m?.[1]) throw new Error(`not an admin do shell script: ${args[1]}`);
  return m[1].replace(/\\(.)/g, '$1');
}

describe('installing the hapyy link', () => {
  let dir: string;
  let target: string;
  let link: string;
  const osascriptCalls: string[][] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hapyy-cli-link-'));
    // An app path with the characters that break naive quoting: spaces, both quotes, a backslash, a $.
    const resources = join(dir, `Hapyy Desktop's "copy" \\ $HOME.app`, 'Contents', 'Resources');
    target = cliLauncherPath(resources);
    await mkdir(join(resources, 'bin'), { recursive: true });
    await writeFile(target, '#!/bin/sh\necho launcher\n', { mode: 0o755 });
    link = join(dir, 'usr', 'local', 'bin', 'hapyy');
    osascriptCalls.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** macOS's admin prompt, accepted: runs the AppleScript's shell command with /bin/sh. */
  const acceptingAdmin: InstallCliLinkOptions['run'] = async (file, args) => {
    expect(file).toBe('/usr/bin/osascript');
    osascriptCalls.push(args);
    const r = await sh('/bin/sh', ['-c', shellCommandOf(args)]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code ?? 1, stderr: e.stderr ?? '' }),
    );
    return r;
  };
  const refusedDirectly = async () => {
    throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  };

  it('links directly where it may (making the folder), and a second time has nothing to do', async () => {
    expect(await installCliLink({ target, link, run: acceptingAdmin })).toEqual({ kind: 'linked', link, asAdmin: false, replaced: null });
    expect(await readlink(link)).toBe(target);
    expect((await sh(link, [])).stdout).toBe('launcher\n');
    expect(await installCliLink({ target, link, run: acceptingAdmin })).toEqual({ kind: 'already', link });
    expect(osascriptCalls).toEqual([]);
  });

  it('asks for admin rights only when refused, and the prompt’s command makes the exact link', async () => {
    const outcome = await installCliLink({ target, link, run: acceptingAdmin, linkDirectly: refusedDirectly });
    expect(outcome).toEqual({ kind: 'linked', link, asAdmin: true, replaced: null });
    expect(osascriptCalls).toHaveLength(1);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(target);
  });

  it('replaces a link to an older copy of the app, and says so', async () => {
    await mkdir(join(dir, 'usr', 'local', 'bin'), { recursive: true });
    await symlink('/Applications/Old Hapyy.app/Contents/Resources/bin/hapyy', link);
    const outcome = await installCliLink({ target, link, run: acceptingAdmin, linkDirectly: refusedDirectly });
    expect(outcome).toEqual({ kind: 'linked', link, asAdmin: true, replaced: '/Applications/Old Hapyy.app/Contents/Resources/bin/hapyy' });
    expect(await readlink(link)).toBe(target);
  });

  it('never overwrites a real file there', async () => {
    await mkdir(join(dir, 'usr', 'local', 'bin'), { recursive: true });
    await writeFile(link, 'someone else’s program');
    const outcome = await installCliLink({ target, link, run: acceptingAdmin });
    expect(outcome.kind).toBe('refused');
    expect(await readFile(link, 'utf8')).toBe('someone else’s program');
    expect(osascriptCalls).toEqual([]);
  });

  it('a cancelled prompt is a failure that says so, and leaves nothing behind', async () => {
    const outcome = await installCliLink({
      target,
      link,
      run: async () => ({ code: 1, stderr: '0:101: execution error: User canceled. (-128)' }),
      linkDirectly: refusedDirectly,
    });
    expect(outcome).toEqual({ kind: 'failed', link, reason: 'the administrator prompt was cancelled' });
    await expect(lstat(link)).rejects.toThrow();
  });

  it('the osascript command line is one argument per word, with the default link /usr/local/bin/hapyy', () => {
    const { file, args } = adminLinkCommand('/Applications/Hapyy Desktop.app/Contents/Resources/bin/hapyy', CLI_LINK_PATH);
    expect(file).toBe('/usr/bin/osascript');
    expect(args).toEqual([
      '-e',
      `do shell script "/bin/mkdir -p '/usr/local/bin' && /bin/ln -sfn '/Applications/Hapyy Desktop.app/Contents/Resources/bin/hapyy' '/usr/local/bin/hapyy'" with administrator privileges`,
    ]);
  });
});

describe('wiring', () => {
  it('the link points at the launcher electron-builder puts in resources/bin', () => {
    const extra = z.array(z.looseObject({ from: z.string(), to: z.string(), filter: z.array(z.string()).optional() })).parse(readBuilderConfig().extraResources);
    const launchers = extra.find((e) => e.from === 'build/cli');
    expect(launchers?.filter).toContain('hapyy');
    expect(cliLauncherPath('/R')).toBe(join('/R', launchers?.to ?? '?', 'hapyy'));
  });

  // Electron's Menu cannot be built without Electron: a stand-in returns the template it is given.
  const standIn = {
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template as unknown as Menu },
    dialog: {},
  } as unknown as Pick<ElectronModule, 'Menu' | 'dialog'>;
  const appMenuLabels = (menu: Menu): string[] => {
    const template = menu as unknown as MenuItemConstructorOptions[];
    const first = template[0]?.submenu as MenuItemConstructorOptions[] | undefined;
    return (first ?? []).map((i) => i.label ?? i.role ?? i.type ?? '');
  };

  it('the macOS app menu of a packaged app has the install item, after About', () => {
    const labels = appMenuLabels(buildMenu(standIn, 'Hapyy Desktop', { platform: 'darwin', cliResourcesPath: '/Applications/Hapyy Desktop.app/Contents/Resources' }));
    expect(labels).toEqual(['about', 'separator', INSTALL_CLI_LABEL, 'separator', 'quit']);
  });

  it('no item from a checkout (nothing installed to link to) or on other systems', () => {
    expect(appMenuLabels(buildMenu(standIn, 'Hapyy Desktop', { platform: 'darwin', cliResourcesPath: null }))).not.toContain(INSTALL_CLI_LABEL);
    const linux = buildMenu(standIn, 'Hapyy Desktop', { platform: 'linux', cliResourcesPath: '/opt/Hapyy Desktop/resources' }) as unknown as MenuItemConstructorOptions[];
    expect(JSON.stringify(linux)).not.toContain(INSTALL_CLI_LABEL);
  });
});
