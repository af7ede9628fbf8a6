import type { Menu, MenuItemConstructorOptions } from 'electron';
import { cliLauncherPath, describeInstall, installCliLink } from '../resources/cli-link';
import { boundedRun } from '../registry/bounded-run';
import type { ElectronModule } from './shell';

/** The menu item's label, as VS Code words its own. */
export const INSTALL_CLI_LABEL = "Install 'hapyy' command in PATH";

export interface MenuOptions {
  /** The installed app's resources folder (macOS, packaged): adds the menu item that links `hapyy` into PATH. */
  cliResourcesPath?: string | null;
  /** Default process.platform; a test builds the macOS menu on Linux. */
  platform?: NodeJS.Platform;
}

/** Links /usr/local/bin/hapyy to the app's launcher (main/resources/cli-link.ts) and says what happened. */
async function installCli(electron: Pick<ElectronModule, 'dialog'>, resourcesPath: string): Promise<void> {
  const outcome = await installCliLink({
    target: cliLauncherPath(resourcesPath),
    // The admin prompt waits for a person: a long limit, only so a stuck osascript cannot hang the item for ever.
    run: async (file, args) => {
      const r = await boundedRun(file, args, { timeoutMs: 5 * 60_000 });
      return r.kind === 'exited' ? { code: r.exitCode, stderr: r.stderr } : { code: null, stderr: r.kind === 'failed' ? r.message : 'timed out' };
    },
  }).catch((e: unknown) => ({ kind: 'failed' as const, link: '', reason: e instanceof Error ? e.message : String(e) }));
  const ok = outcome.kind === 'already' || outcome.kind === 'linked';
  await electron.dialog.showMessageBox({ type: ok ? 'info' : 'warning', message: INSTALL_CLI_LABEL, detail: describeInstall(outcome) });
}

/** A standard menu: the roles give native shortcuts (copy, paste, reload is left out on purpose). */
export function buildMenu(electron: Pick<ElectronModule, 'Menu' | 'dialog'>, appName: string, options: MenuOptions = {}): Menu {
  const isMac = (options.platform ?? process.platform) === 'darwin';
  const { cliResourcesPath } = options;
  const cliItems: MenuItemConstructorOptions[] =
    isMac && cliResourcesPath ? [{ type: 'separator' }, { label: INSTALL_CLI_LABEL, click: () => void installCli(electron, cliResourcesPath) }] : [];
  return electron.Menu.buildFromTemplate([
    ...(isMac ? [{ label: appName, submenu: [{ role: 'about' as const }, ...cliItems, { type: 'separator' as const }, { role: 'quit' as const }] }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' as const } : { role: 'quit' as const }] },
    { role: 'editMenu' as const },
    { label: 'View', submenu: [{ role: 'resetZoom' as const }, { role: 'zoomIn' as const }, { role: 'zoomOut' as const }, { type: 'separator' as const }, { role: 'togglefullscreen' as const }] },
    { role: 'windowMenu' as const },
  ]);
}
