import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage, type AxeViolation } from './axe';
import { launchApp, type AppUnderTest } from './harness';

/** Presses Tab until the focused element matches `selector`: focus moved by the keyboard only. */
async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

// axe-core's WCAG 2.1 A/AA rules on every screen of the window, in both themes, with real runs behind them.
describe.each(['light', 'dark'] as const)('accessibility in the %s theme', (theme) => {
  let app: AppUnderTest;
  let folder: string;
  const found: Record<string, AxeViolation[]> = {};
  beforeAll(async () => {
    folder = join(await mkdtemp(join(tmpdir(), 'hapyy-e2e-a11y-')), 'watched');
    await mkdir(folder);
    await writeFile(join(folder, 'run.sh'), '#!/bin/bash\nx=$1\necho $x\n');
    app = await launchApp({ colorScheme: theme });
  });
  afterAll(async () => {
    await app?.close();
    await rm(join(folder, '..'), { recursive: true, force: true });
  });
  const audit = async (screen: string) => {
    found[screen] = await auditPage(app.page);
  };

  it('every screen has zero violations: welcome, project, console, problems, files, history, settings, compare', async () => {
    const { page } = app;
    await page.getByTestId('tool-bash-verification').waitFor();
    await audit('welcome');
    await page.getByTestId('welcome-example-bash-quoting-bugs').click();
    await page.getByTestId('project-summary').waitFor();
    await page.getByTestId('tool-bash-verification').click();
    await audit('project');
    await page.getByTestId('run-button').click();
    await expect.poll(() => page.getByTestId('result-message').textContent(), { timeout: 20_000 }).toMatch(/problem/);
    await expect.poll(() => page.getByTestId('console-row').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await audit('console');
    await page.getByTestId('tab-problems').click();
    await page.getByTestId('diagnostic-item').first().click();
    await page.getByTestId('preview').waitFor();
    await audit('problems and preview');
    await page.getByTestId('tab-files').click();
    await page.getByTestId('file-tree').waitFor();
    await audit('files');
    const first = await page.getByTestId('job-panel').getAttribute('data-job-id');
    await page.getByTestId('rerun-button').click();
    await expect.poll(() => page.getByTestId('job-panel').getAttribute('data-job-id'), { timeout: 20_000 }).not.toBe(first);
    await expect.poll(() => page.getByTestId('result-message').textContent(), { timeout: 20_000 }).toMatch(/problem/);
    await page.getByTestId('compare-previous').click();
    await page.getByTestId('compare-runs').waitFor();
    await audit('compare');
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-row').first().waitFor();
    await audit('history');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-save').waitFor();
    await audit('settings');
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    expect(app.pageErrors).toEqual([]);
  });

  it('keyboard alone: open a folder, pick the tool, switch Watch on, a change runs again, switch it off; History groups the runs', async () => {
    const { page } = app;
    app.desktop.nextPick = folder;
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Control+o');
    await expect.poll(() => page.getByTestId('project-summary').textContent(), { timeout: 10_000 }).toContain('watched');
    await tabTo(page, '[data-testid="tool-bash-verification"]');
    await page.keyboard.press('Enter');
    await tabTo(page, '[data-testid="watch-toggle"]');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('watch-toggle').getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.getByTestId('result-message').textContent(), { timeout: 20_000 }).toMatch(/found 1 problem/);
    const firstRun = await page.getByTestId('job-panel').getAttribute('data-job-id');
    await audit('watching');

    await writeFile(join(folder, 'run.sh'), '#!/bin/bash\nx=$1\necho "$x"\n');
    await expect.poll(() => page.getByTestId('job-panel').getAttribute('data-job-id'), { timeout: 20_000 }).not.toBe(firstRun);
    await expect.poll(() => page.getByTestId('result-message').textContent(), { timeout: 20_000 }).toMatch(/no problems/);
    // Focus is still on the switch: Space turns it off.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('watch-toggle');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('watch-toggle').getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => app.services.engine.watches.list(app.clientId).length).toBe(0);

    await page.keyboard.press('Control+2');
    const group = page.getByTestId('history-watch-group');
    await expect.poll(() => group.textContent()).toMatch(/Watch: Bash Verification on watched · 2 runs/);
    expect(await auditPage(page)).toEqual([]);
    expect(found.watching).toEqual([]);
  });
});
