import type { Menu } from 'electron';
import type { ElectronModule } from './shell';

/** A standard menu: the roles give native shortcuts (copy, paste, reload is left out on purpose). */
export function buildMenu(electron: Pick<ElectronModule, 'Menu'>, appName: string): Menu {
  const isMac = process.platform === 'darwin';
  return electron.Menu.buildFromTemplate([
    ...(isMac ? [{ label: appName, submenu: [{ role: 'about' as const }, { type: 'separator' as const }, { role: 'quit' as const }] }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' as const } : { role: 'quit' as const }] },
    { role: 'editMenu' as const },
    { label: 'View', submenu: [{ role: 'resetZoom' as const }, { role: 'zoomIn' as const }, { role: 'zoomOut' as const }, { type: 'separator' as const }, { role: 'togglefullscreen' as const }] },
    { role: 'windowMenu' as const },
  ]);
}
