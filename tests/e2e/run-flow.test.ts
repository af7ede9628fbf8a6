import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipEntries } from '../support/zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../shared/settings';
import { ARTIFACTS, launchApp, type AppUnderTest } from './harness';

// The user's path through the window, in Chromium, with the real services, engines and processes behind it.
const settings = SettingsSchema.parse({
  // One slot, so a second job waits behind the first and shows its place and estimate.
  queue: { concurrency: 1 },
  customTools: [
    { id: 'sleeper', name: 'Sleeper', category: 'linter', sourceLanguage: 'bash', command: '/bin/sleep', args: ['30'], timeoutSec: 120 },
    { id: 'quick-limit', name: 'Quick limit', category: 'linter', sourceLanguage: 'bash', command: '/bin/sleep', args: ['30'], timeoutSec: 1 },
  ],
});

describe('running a tool from the window', () => {
  let app: AppUnderTest;
  let exportDir: string;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    exportDir = await mkdtemp(join(tmpdir(), 'hapyy-e2e-export-'));
    app = await launchApp({ settings });
    app.desktop.nextSave = join(exportDir, 'results.zip');
  });
  afterAll(async () => {
    await app?.close();
    await rm(exportDir, { recursive: true, force: true });
  });

  it('bash example → Bash Verification: place in line, estimate, live output, diagnostics, preview, export', async () => {
    const { page } = app;
    await page.getByTestId('welcome-example-bash-quoting-bugs').click();
    await page.getByTestId('project-summary').waitFor();
    await page.getByTestId('tool-bash-verification').click();

    // A long job takes the only slot; the bash job waits behind it with its place in line and an estimate.
    await page.getByTestId('tool-sleeper').click();
    await page.getByTestId('run-button').click();
    await expect.poll(() => page.getByTestId('queue-counts').textContent(), { timeout: 10_000 }).toMatch(/1 running/);
    await page.getByTestId('tool-bash-verification').click();
    await page.getByTestId('run-button').click();
    const waiting = page.getByTestId('job-place').filter({ hasText: 'Next in line' });
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => waiting.first().getByTestId('job-estimate').textContent(), { timeout: 10_000 }).toMatch(/Starts in ~\d+(–\d+)? (s|min), done in ~\d+/);
    await expect.poll(() => page.getByTestId('queue-counts').textContent()).toMatch(/1 waiting · 1 running/);
    await page.screenshot({ path: join(ARTIFACTS, 'queued-light.png') });
    // Cancel the long run (the first in the list); the waiting job starts.
    await page.getByTestId('job-cancel').first().click();

    await expect.poll(() => page.getByTestId('result-message').textContent(), { timeout: 20_000 }).toMatch(/found \d+ problem/);
    // The console renders on the next animation frame after the last batch; give it a moment, not a pass.
    await expect.poll(() => page.getByTestId('console-row').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'console-light.png') });

    await page.getByTestId('tab-problems').click();
    const items = page.getByTestId('diagnostic-item');
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThan(1);
    await expect.poll(async () => (await page.getByTestId('tab-problems').textContent()) ?? '').toMatch(/\d/);
    const sc2086 = items.filter({ hasText: 'SC2086' }).first();
    await sc2086.click();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    expect(await preview.getAttribute('data-path')).toMatch(/^input\/.+\.sh$/);
    await page.screenshot({ path: join(ARTIFACTS, 'diagnostics-light.png') });

    await page.getByTestId('export-button').click();
    await expect.poll(() => page.getByTestId('export-result').textContent(), { timeout: 10_000 }).toMatch(/results\.zip/);
    const entries = await zipEntries(join(exportDir, 'results.zip'));
    expect(entries.some((e) => e.startsWith('input/') || e.startsWith('output/'))).toBe(false); // ShellCheck writes no files
    expect(entries).toEqual(expect.arrayContaining(['run.json', 'run.log']));
  });

  it('the cancelled run says so in history; a run that hits its time limit explains itself', async () => {
    const { page } = app;
    const records = app.services.engine.queue.list();
    expect(records.find((r) => r.toolId === 'sleeper')?.status).toBe('cancelled');

    await page.getByTestId('tool-quick-limit').click();
    await page.getByTestId('run-button').click();
    await expect.poll(() => page.getByTestId('result-message').textContent(), { timeout: 20_000 }).toMatch(/1 s limit/);
    await page.screenshot({ path: join(ARTIFACTS, 'timeout-light.png') });
    expect(app.pageErrors).toEqual([]);
  });
});

