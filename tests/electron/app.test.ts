import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/**
 * The real Electron app, end to end. It runs wherever the Electron binary is installed (`npm install` on a
 * developer's machine downloads it). Where it is not — CI here has no route to Electron's download host — the
 * test is reported as skipped, with the reason, never as passed.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const electronDir = join(ROOT, 'node_modules', 'electron');

function electronBinary(): { path: string } | { missing: string } {
  const pathTxt = join(electronDir, 'path.txt');
  if (!existsSync(pathTxt)) return { missing: 'node_modules/electron/path.txt is absent: the binary was never downloaded' };
  const binary = join(electronDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `${binary} does not exist` };
  return { path: binary };
}

const found = electronBinary();
if ('missing' in found) {
  console.log(`skipped: no Electron binary (${found.missing}; set ELECTRON_OVERRIDE_DIST_PATH or run \`npx install-electron\` where the network allows)`);
}

describe.skipIf('missing' in found)('real Electron', () => {
  it('opens the window from app://, exposes only window.hapyy, and serves the tool list through IPC', async () => {
    if (!('path' in found)) return;
    const app = await electron.launch({
      executablePath: found.path,
      args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: ROOT,
      env: { ...process.env, HAPYY_E2E: '1' },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toMatch(/^app:\/\/hapyy\//);
      const surface = await page.evaluate(() => ({
        hapyy: typeof (window as unknown as { hapyy?: unknown }).hapyy,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(surface).toEqual({ hapyy: 'object', require: 'undefined', process: 'undefined' });
      const tools = await page.evaluate(() =>
        (window as unknown as { hapyy: { tools: { list(): Promise<{ ok: boolean; value: unknown[] }> } } }).hapyy.tools.list(),
      );
      expect(tools.ok).toBe(true);
      expect(tools.value.length).toBeGreaterThanOrEqual(8);
      const webPrefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0] as unknown as { webContents: { getLastWebPreferences(): unknown } } | undefined;
        return w?.webContents.getLastWebPreferences();
      });
      expect(webPrefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    } finally {
      await app.close();
    }
  });
});
