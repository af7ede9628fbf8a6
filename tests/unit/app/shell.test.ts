import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, PRELOAD_CHANNEL_NAMES } from '../../../shared/contract';
import { startApp, type ElectronModule } from '../../../main/app/shell';
import type { Services } from '../../../main/ipc/services';
import { createElectronStandIn, FakeBrowserWindow, FakeWebContents } from './electron-stand-in';

// The Electron shell, driven through a stand-in for the `electron` module (no Electron binary runs here).
// Everything behind the shell is real: services, router, stores, registry.
const ROOT = resolve(import.meta.dirname, '../../..');

describe('Electron shell (with the electron stand-in)', () => {
  let dataDir: string;
  let standIn: ReturnType<typeof createElectronStandIn>;
  let services: Services | null;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hapyy-shell-'));
    standIn = createElectronStandIn(dataDir);
    services = await startApp(standIn.electron as unknown as ElectronModule, { appRoot: ROOT });
  });
  afterAll(async () => {
    await services?.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('registers every channel of the contract (the preload-only ones too), and only those', () => {
    expect([...standIn.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES, ...PRELOAD_CHANNEL_NAMES].sort());
  });

  it("a drop's path reaches main only on the preload channel; the token it gives opens once, in that window only", async () => {
    const win = FakeBrowserWindow.created.at(-1)!;
    const other = new FakeWebContents();
    const from = (sender: unknown) => ({ sender, senderFrame: { url: 'app://hapyy/index.html', parent: null } });
    const mint = standIn.handlers.get('drop:token')!;
    const open = standIn.handlers.get('projects:open')!;
    const project = join(ROOT, 'resources/examples/bash-verification/bash-clean-script');
    const token = (await mint(from(win.webContents), { path: project })) as { ok: true; value: string };
    expect(token).toMatchObject({ ok: true });
    expect(await open(from(other), { token: token.value })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const again = (await mint(from(win.webContents), { path: project })) as { ok: true; value: string };
    expect(await open(from(win.webContents), { token: again.value })).toMatchObject({ ok: true, value: { source: project } });
    expect(await open(from(win.webContents), { token: again.value })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('creates the window with the security checklist in its webPreferences and loads app://', () => {
    const win = FakeBrowserWindow.created.at(-1);
    expect(win).toBeDefined();
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(win?.options.webPreferences?.preload)).toMatch(/dist[\\/]preload[\\/]index\.cjs$/);
    expect(win?.loadedUrl).toBe('app://hapyy/index.html');
    expect(standIn.calls.sandboxEnabled).toBe(true);
  });

  it('refuses navigation away from the app, new windows and webviews', () => {
    const contents = new FakeWebContents();
    standIn.appEvents.emit('web-contents-created', {}, contents);
    const navigate = (event: string, url: string) => {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'http://localhost:1234/')).toBe(true);
    expect(navigate('will-navigate', 'app://hapyy/index.html')).toBe(false);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://github.com/koalaman/shellcheck' })).toEqual({ action: 'deny' });
    expect(standIn.calls.opened).toEqual(['https://github.com/koalaman/shellcheck']);
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    const granted: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      standIn.session.permissionRequestHandler?.({}, permission, (g) => granted.push(g));
    }
    expect(granted).toEqual([false, false, false, false]);
    expect(standIn.session.permissionCheckHandler?.()).toBe(false);
  });

  it('serves the renderer from app:// with the CSP, and nothing outside it', async () => {
    const handle = standIn.protocolHandlers.get('app');
    expect(handle).toBeDefined();
    const ok = await handle!(new Request('app://hapyy/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await handle!(new Request('app://hapyy/%2e%2e/%2e%2e/package.json'));
    expect([403, 404]).toContain(escape.status);
    const otherHost = await handle!(new Request('app://elsewhere/index.html'));
    expect(otherHost.status).toBe(404);
  });

  it('answers IPC from the app page and refuses other senders', async () => {
    const handler = standIn.handlers.get('tools:list')!;
    const win = FakeBrowserWindow.created.at(-1)!;
    const fromApp = (await handler({ sender: win.webContents, senderFrame: { url: 'app://hapyy/index.html', parent: null } }, {})) as {
      ok: boolean;
      value: unknown[];
    };
    expect(fromApp.ok).toBe(true);
    expect(fromApp.value.length).toBeGreaterThanOrEqual(8);
    const fromIframe = (await handler({ sender: win.webContents, senderFrame: { url: 'app://hapyy/index.html', parent: {} } }, {})) as {
      ok: boolean;
      error: { code: string };
    };
    expect(fromIframe).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const fromElsewhere = (await handler({ sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }, {})) as {
      ok: boolean;
    };
    expect(fromElsewhere.ok).toBe(false);
  });

  it('ends all runs before the app exits', async () => {
    let prevented = false;
    standIn.appEvents.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    // The shell exits once every run has ended: wait for that, bounded, not for a guessed time.
    await vi.waitFor(() => expect(standIn.calls.exit).toEqual([0]), { timeout: 10_000 });
    services = null;
  });
});

describe('the dev server URL', () => {
  const DEV = 'http://127.0.0.1:5173';
  it.each([
    [false, DEV],
    [true, 'app://hapyy/index.html'],
  ] as const)('isPackaged=%s: the window loads %s', async (isPackaged, loaded) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hapyy-shell-dev-'));
    const standIn = createElectronStandIn(dataDir);
    standIn.electron.app.isPackaged = isPackaged;
    const services = await startApp(standIn.electron as unknown as ElectronModule, { appRoot: ROOT, devServerUrl: DEV });
    try {
      expect(FakeBrowserWindow.created.at(-1)?.loadedUrl).toBe(loaded);
      // Its origin is not trusted either: a page there cannot be navigated to.
      const contents = new FakeWebContents();
      standIn.appEvents.emit('web-contents-created', {}, contents);
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, `${DEV}/index.html`);
      expect(prevented).toBe(isPackaged);
    } finally {
      await services?.shutdown();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
