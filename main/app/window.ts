import type { BrowserWindow as ElectronBrowserWindow } from 'electron';

type BrowserWindowClass = new (options: Electron.BrowserWindowConstructorOptions) => ElectronBrowserWindow;

/**
 * The only place a window is made. The options are written out literally at the constructor, so a reader (and
 * static checkers such as electronegativity) can see every security setting where it takes effect.
 */
export function createAppWindow(BrowserWindow: BrowserWindowClass, preloadPath: string, iconPath?: string): ElectronBrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    title: 'Hapyy Desktop',
    show: false,
    backgroundColor: '#16181d',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** Sent as a header by the app:// protocol and repeated in index.html's meta tag. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
