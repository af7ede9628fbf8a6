import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as ElectronNs from 'electron';
import { createServices, type Services } from '../ipc/services';
import { resolveResources } from '../resources';
import { appOriginPolicy, APP_ORIGIN } from '../ipc/router';
import { hardenSession, hardenWebContents } from './harden';
import { attachWindow, registerIpc } from './ipc-adapter';
import { APP_SCHEME, APP_URL, registerAppProtocol } from './protocol';
import { createAppWindow } from './window';
import { createDesktop } from './desktop';
import { buildMenu } from './menu';

/** The parts of the `electron` module the shell uses; a test passes a stand-in with the same shape. */
export type ElectronModule = Pick<
  typeof ElectronNs,
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'shell' | 'dialog' | 'Menu'
>;

export interface ShellOptions {
  /** Folder holding dist/ (the app's root in development, app.asar when packaged). */
  appRoot: string;
  devServerUrl?: string;
}

/**
 * The Electron shell: lifecycle, window, protocol, IPC registration. Everything it hosts lives in plain-Node
 * services (main/services), so the shell stays thin and the rest is tested without Electron.
 */
export async function startApp(electron: ElectronModule, options: ShellOptions): Promise<Services | null> {
  const { app, BrowserWindow, ipcMain, protocol, session, shell } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  app.enableSandbox();

  // A dev server's origin is trusted like app:// (IPC, navigation): never in a packaged app, whatever its environment says.
  const devUrl = app.isPackaged ? undefined : options.devServerUrl;
  const allowedOrigins = devUrl ? [APP_ORIGIN, new URL(devUrl).origin] : [APP_ORIGIN];
  const isAppUrl = (url: string): boolean => {
    try {
      const u = new URL(url);
      return allowedOrigins.includes(`${u.protocol}//${u.host}`);
    } catch {
      return false;
    }
  };
  app.on('web-contents-created', (_event, contents) => {
    // openExternal only ever sees https links to TRUSTED_EXTERNAL_HOSTS (checked in hardenWebContents).
    hardenWebContents(contents, isAppUrl, (url) => void shell.openExternal(url));
  });

  await app.whenReady();
  hardenSession(session.defaultSession);
  registerAppProtocol(protocol, join(options.appRoot, 'dist', 'renderer'));

  let mainWindow: ElectronNs.BrowserWindow | null = null;
  const desktop = createDesktop(electron, () => mainWindow);
  const runtime = { isPackaged: app.isPackaged, appRoot: options.appRoot, resourcesPath: process.resourcesPath ?? '', execPath: process.execPath };
  const { iconPath } = resolveResources(runtime);
  const services = await createServices({
    dataDir: app.getPath('userData'),
    appVersion: app.getVersion(),
    runtime,
    desktop,
    trustSender: appOriginPolicy(allowedOrigins),
  });
  registerIpc(ipcMain, services.router);
  // The packaged app's launcher can be linked into PATH from the app menu (macOS).
  electron.Menu.setApplicationMenu(buildMenu(electron, app.name, { cliResourcesPath: app.isPackaged ? process.resourcesPath : null }));

  const preloadPath = join(options.appRoot, 'dist', 'preload', 'index.cjs');
  const openWindow = (): ElectronNs.BrowserWindow => {
    const win = createAppWindow(BrowserWindow, preloadPath, iconPath);
    attachWindow(services.events, win.webContents);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    void win.loadURL(devUrl ?? APP_URL);
    return win;
  };
  mainWindow = openWindow();

  app.on('second-instance', () => {
    if (!mainWindow) mainWindow = openWindow();
    else {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('activate', () => {
    if (!mainWindow) mainWindow = openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Every run ends (whole process tree) before the app exits.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void services.shutdown().finally(() => app.exit(0));
  });
  return services;
}

export function appRootFromModule(moduleUrl: string): string {
  // dist/main/index.js → the folder that holds dist/
  return dirname(dirname(dirname(fileURLToPath(moduleUrl))));
}
