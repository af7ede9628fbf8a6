import type { BrowserWindow } from 'electron';
import type { Desktop } from '../services/desktop';
import type { ElectronModule } from './shell';

/** Native dialogs and the file manager, behind the plain `Desktop` interface the services use. */
export function createDesktop(electron: Pick<ElectronModule, 'dialog' | 'shell'>, window: () => BrowserWindow | null): Desktop {
  const { dialog, shell } = electron;
  return {
    async pickProject() {
      const win = window();
      const options: Electron.OpenDialogOptions = {
        title: 'Open a project',
        buttonLabel: 'Open',
        properties: ['openDirectory', 'openFile'],
        filters: [{ name: 'Folders, source files and .zip archives', extensions: ['*'] }],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async pickSavePath(defaultName) {
      const win = window();
      const options: Electron.SaveDialogOptions = {
        title: 'Export results',
        defaultPath: defaultName,
        filters: [{ name: 'Zip archive', extensions: ['zip'] }],
      };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    reveal(path) {
      shell.showItemInFolder(path);
    },
    async confirmChanges({ title, changes, confirmLabel }) {
      const win = window();
      const options: Electron.MessageBoxOptions = {
        type: 'warning',
        title,
        message: title,
        detail: changes.map((c) => `• ${c}`).join('\n'),
        buttons: [confirmLabel, 'Cancel'],
        // Cancel is the default and what Escape does: a stray Enter must not lower protection.
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      };
      const result = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return result.response === 0;
    },
  };
}
