import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `electron` module — the one mock in this project, because no Electron binary can run on
 * these machines. It records what the shell asks of Electron so a test can check it; it implements nothing else.
 */
export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; payload: unknown }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  isDestroyed() {
    return false;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
}

export function createElectronStandIn(userData: string) {
  const appEvents = new EventEmitter();
  const handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const privileged: unknown[] = [];
  const session = {
    permissionRequestHandler: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    permissionCheckHandler: null as null | (() => boolean),
    downloads: new EventEmitter(),
    setPermissionRequestHandler(h: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void) {
      this.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: () => boolean) {
      this.permissionCheckHandler = h;
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      this.downloads.on(event, listener);
    },
  };
  const calls = { sandboxEnabled: false, quit: 0, exit: [] as number[], opened: [] as string[], menuSet: 0 };
  const electron = {
    app: {
      name: 'Hapyy Desktop',
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      enableSandbox: () => {
        calls.sandboxEnabled = true;
      },
      whenReady: async () => undefined,
      getPath: (name: string) => (name === 'userData' ? userData : userData),
      getVersion: () => '0.1.0',
      on: (event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener),
      quit: () => {
        calls.quit += 1;
      },
      exit: (code: number) => {
        calls.exit.push(code);
      },
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => unknown) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession: session },
    shell: {
      openExternal: async (url: string) => {
        calls.opened.push(url);
      },
      showItemInFolder: () => undefined,
    },
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }) },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: () => {
        calls.menuSet += 1;
      },
    },
  };
  return { electron, appEvents, handlers, protocolHandlers, privileged, session, calls };
}
