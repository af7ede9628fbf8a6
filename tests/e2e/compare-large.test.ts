import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCompareRuns, type CompareFixture } from '../../bench/lib/compare-runs';
import { auditPage } from './axe';
import { launchApp, type AppUnderTest } from './harness';

// A large compare in Chromium, through the real services (the compare worker, the paged channels): 40,000 problems
// and 4,000 produced files per run, written as the runner leaves them (the bench's generator). The lists stay
// virtualized while scrolled end to end, fetch their pages as rows come into view, and move by keyboard alone.
const SIZE = { files: 4_000, problems: 40_000 };

const focusedIndex = (page: Page) => page.evaluate(() => Number(document.activeElement?.closest('[data-index]')?.getAttribute('data-index') ?? -1));

describe.each(['light', 'dark'] as const)('a large compare in the %s theme', (theme) => {
  let app: AppUnderTest;
  let dataDir: string;
  let fx: CompareFixture;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hapyy-e2e-compare-large-'));
    fx = await makeCompareRuns(join(dataDir, 'runs'), SIZE);
    app = await launchApp({ dataDir, colorScheme: theme });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('scrolls the Unchanged list end to end with few rows in the DOM, each page fetched as it comes into view', async () => {
    const { page } = app;
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-select').nth(1).waitFor();
    await page.getByTestId('history-select').nth(0).check();
    await page.getByTestId('history-select').nth(1).check();
    await page.getByTestId('history-compare').click();
    await page.getByTestId('compare-problem').first().waitFor({ timeout: 120_000 });
    const unchanged = SIZE.problems - fx.expected.fixed;
    expect(await page.getByTestId('compare-tab-unchanged').textContent()).toBe(`Unchanged (${unchanged.toLocaleString('en')})`);
    await page.getByTestId('compare-tab-unchanged').click();
    const list = page.getByTestId('compare-problems');
    for (const at of [0.5, 1]) {
      await list.evaluate((el, f) => (el.scrollTop = el.scrollHeight * f), at);
      // The rows now in view arrive with their page: a loaded row deep in the list, no row left loading.
      const deep = Math.floor((unchanged - 1) * at * 0.98);
      await expect.poll(() => page.locator(`[data-testid="compare-problem"][data-index]`).evaluateAll((rows, min) => rows.some((r) => Number(r.getAttribute('data-index')) >= min), deep)).toBe(true);
      await expect.poll(() => page.getByTestId('compare-problem-loading').count()).toBe(0);
      expect(await page.locator('.compare-problem').count()).toBeLessThan(100);
    }
    expect(await page.locator(`[data-testid="compare-problem"][aria-posinset="${unchanged}"]`).count()).toBe(1);
    expect(await auditPage(page)).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it('keyboard: into the list by Tab, End to the last problem, Up, Page Down, Home back to the first', async () => {
    const { page } = app;
    const unchanged = SIZE.problems - fx.expected.fixed;
    await page.getByTestId('compare-problems').evaluate((el) => (el.scrollTop = 0));
    await page.getByTestId('compare-tab-unchanged').focus();
    for (let i = 0; i < 10 && (await focusedIndex(page)) < 0; i += 1) await page.keyboard.press('Tab');
    expect(await focusedIndex(page)).toBe(0);
    await page.keyboard.press('End');
    await expect.poll(() => focusedIndex(page)).toBe(unchanged - 1);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedIndex(page)).toBe(unchanged - 2);
    await page.keyboard.press('Home');
    await expect.poll(() => focusedIndex(page)).toBe(0);
    await page.keyboard.press('PageDown');
    await expect.poll(() => focusedIndex(page)).toBeGreaterThan(1);
    // Enter opens the focused problem in its run, at its line.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('preview').getAttribute('data-path')).toMatch(/^input\/src\//);
  });

  it('Files: a changed text file’s diff is fetched when it is picked', async () => {
    const { page } = app;
    await page.getByTestId('compare-tab-files').click();
    // Files come in path order (the added output/extra/… first): scroll down until a changed one is in view.
    const changed = page.locator('[data-testid="compare-file"][data-change="changed"]');
    await page.getByTestId('compare-file').first().waitFor();
    for (let i = 0; i < 50 && (await changed.count()) === 0; i += 1) {
      await page.locator('.compare-files').evaluate((el) => (el.scrollTop += 300));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    }
    await changed.first().click();
    await expect.poll(() => page.getByTestId('compare-diff').textContent(), { timeout: 30_000 }).toMatch(/\+VALUE \d+/);
    expect(await auditPage(page)).toEqual([]);
    // The file list moves by keyboard too: End to the last of its (paged) files.
    const total = Number((await page.getByTestId('compare-tab-files').textContent())?.replace(/\D/g, ''));
    await changed.first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => focusedIndex(page)).toBe(total - 1);
  });
});
