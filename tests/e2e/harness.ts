import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { PRELOAD_CHANNEL_NAMES } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import { appOriginPolicy } from '../../main/ipc/router';
import { rendererFile } from '../../main/app/renderer-files';
import { createServices, type Desktop, type Services } from '../../main/ipc/services';
import { devLayout } from '../../main/resources';

/**
 * The app in a real browser: the built renderer in Debian's Chromium, with the real main-process services behind
 * exactly the preload API (a Playwright binding calls the same Router the ipcMain adapter calls). Native dialogs
 * are the one stand-in (`desktop` below): a headless browser cannot show them.
 */
export const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
export const ORIGIN = 'http://hapyy.test';
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.HAPYY_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

let bridgeScript: Promise<string> | null = null;
/** tests/e2e/page-bridge.ts bundled once per process into a classic script for addInitScript. */
function pageBridge(): Promise<string> {
  bridgeScript ??= (async () => {
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: false,
        lib: { entry: join(ROOT, 'tests/e2e/page-bridge.ts'), formats: ['iife'], name: 'hapyyBridge' },
      },
    });
    const first = (Array.isArray(out) ? out[0] : out) as { output: { code?: string }[] };
    const code = first.output[0]?.code;
    if (!code) throw new Error('Could not bundle the E2E page bridge.');
    return code;
  })();
  return bridgeScript;
}

export interface StubDesktop extends Desktop {
  nextPick: string | null;
  nextSave: string | null;
  revealed: string[];
  /** The answer the native confirmation would give, and what it was asked (the dialog is a stand-in here). */
  nextConfirm: boolean;
  confirmations: string[][];
}

export function stubDesktop(): StubDesktop {
  const d: StubDesktop = {
    nextPick: null,
    nextSave: null,
    revealed: [],
    nextConfirm: false,
    confirmations: [],
    pickProject: async () => d.nextPick,
    pickSavePath: async () => d.nextSave,
    reveal: (p) => void d.revealed.push(p),
    confirmChanges: async ({ changes }) => {
      d.confirmations.push(changes);
      return d.nextConfirm;
    },
  };
  return d;
}

export interface AppUnderTest {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  services: Services;
  desktop: StubDesktop;
  dataDir: string;
  clientId: string;
  pageErrors: string[];
  close(): Promise<void>;
}

let clientCounter = 0;

export async function launchApp(options: { settings?: Settings; colorScheme?: 'light' | 'dark'; dataDir?: string } = {}): Promise<AppUnderTest> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The renderer is not built (${RENDERER_DIR}). Run \`npm run build\` first (npm test does).`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'hapyy-e2e-')));
  const desktop = stubDesktop();
  const services = await createServices({
    dataDir,
    runtime: devLayout(ROOT),
    desktop,
    trustSender: appOriginPolicy([ORIGIN]),
    validateResponses: true,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: 1280, height: 820 } });
  const clientId = `window:e2e-${++clientCounter}`;
  await serveRenderer(context);
  // As the ipcMain adapter registers them: the preload's private channels go to handlePreload, the rest to handle.
  const preloadOnly = new Set<unknown>(PRELOAD_CHANNEL_NAMES);
  await context.exposeBinding('__hapyyInvoke', (source, channel: unknown, payload: unknown) => {
    const caller = { clientId, url: source.frame.url(), topFrame: source.frame.parentFrame() === null };
    return preloadOnly.has(channel) ? services.router.handlePreload(channel, payload, caller) : services.router.handle(channel, payload, caller);
  });
  await context.addInitScript({ content: await pageBridge() });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const detach = services.events.attach(clientId, (event, payload) => {
    void page
      .evaluate(([e, p]) => window.__hapyyEmit(e as string, p), [event, payload] as const)
      .catch(() => undefined);
  });
  await page.goto(`${ORIGIN}/index.html`);
  return {
    browser,
    context,
    page,
    services,
    desktop,
    dataDir,
    clientId,
    pageErrors,
    async close() {
      detach();
      await services.shutdown();
      await browser.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Drops `path` on the page's drop zone: a real drop event carrying a real File, handled by the app's own DropZone. The
 * stand-in is the file's path: Chromium has no webUtils.getPathForFile, so the page bridge (playing the preload) looks
 * it up by the file's name; from there the path goes to main's token registry exactly as the real preload sends it.
 */
export async function dropPath(page: Page, path: string): Promise<void> {
  const name = basename(path);
  const dataTransfer = await page.evaluateHandle(
    ([n, p]) => {
      window.__hapyyDropPaths = { ...window.__hapyyDropPaths, [n]: p };
      const dt = new DataTransfer();
      dt.items.add(new File(['stand-in'], n));
      return dt;
    },
    [name, path] as const,
  );
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}

/** Serves dist/renderer in-process (Playwright routing) exactly as the app:// protocol does: no HTTP server. */
async function serveRenderer(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort('blockedbyclient');
    const file = await rendererFile(RENDERER_DIR, url.pathname);
    return route.fulfill({ status: file.status, body: file.body, headers: file.headers });
  });
}
