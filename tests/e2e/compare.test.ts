import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage } from './axe';
import { ARTIFACTS, launchApp, type AppUnderTest } from './harness';

// The scenario in the window, through the real services and ShellCheck: run, change the project, run
// again, "Compare with previous"; then the same compare reached from History by keyboard alone.
const V1 = ['#!/bin/bash', 'fixed=$1 kept=$2 moved=$3', 'echo $fixed', 'echo $kept', 'true', 'echo $moved', ''].join('\n');
const filler = Array.from({ length: 9 }, (_, i) => `# filler ${i + 1}`);
const V2 = ['#!/bin/bash', 'fixed=$1 kept=$2 moved=$3 added=$4', 'echo "$fixed"', 'echo $kept', 'true', ...filler, 'echo $added', 'echo $moved', ''].join('\n');
const SCREENS = join(ARTIFACTS, 'screens');

/** Presses Tab until the focused element matches `selector` (at most `limit` presses): focus moved by keyboard only. */
async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function finishedRun(page: Page, previousJob: string | null): Promise<string> {
  await expect.poll(() => page.getByTestId('job-panel').getAttribute('data-job-id'), { timeout: 20_000 }).not.toBe(previousJob);
  await expect.poll(() => page.getByTestId('result-message').textContent(), { timeout: 20_000 }).toMatch(/found \d+ problem/);
  return (await page.getByTestId('job-panel').getAttribute('data-job-id')) as string;
}

describe.each(['light', 'dark'] as const)('compare in the %s theme', (theme) => {
  let app: AppUnderTest;
  let project: string;
  beforeAll(async () => {
    await mkdir(SCREENS, { recursive: true });
    project = join(await mkdtemp(join(tmpdir(), 'hapyy-e2e-compare-')), 'deploy-scripts');
    await mkdir(project);
    await writeFile(join(project, 'deploy.sh'), V1);
    app = await launchApp({ colorScheme: theme });
  });
  afterAll(async () => {
    await app?.close();
    await rm(join(project, '..'), { recursive: true, force: true });
  });

  it('run, change, run again, Compare with previous: new 1, fixed 1, unchanged 2, each opening in either run', async () => {
    const { page } = app;
    app.desktop.nextPick = project;
    await page.getByTestId('open-folder').click();
    await page.getByTestId('project-summary').waitFor();
    await page.getByTestId('tool-bash-verification').click();
    await page.getByTestId('run-button').click();
    const first = await finishedRun(page, null);
    await writeFile(join(project, 'deploy.sh'), V2);
    await page.getByTestId('rerun-button').click();
    const second = await finishedRun(page, first);

    await page.getByTestId('compare-previous').click();
    await page.getByTestId('compare-runs').waitFor();
    expect(await page.getByTestId('compare-tab-new').textContent()).toBe('New (1)');
    expect(await page.getByTestId('compare-tab-fixed').textContent()).toBe('Fixed (1)');
    expect(await page.getByTestId('compare-tab-unchanged').textContent()).toBe('Unchanged (2)');
    expect(await page.getByTestId('compare-problem').first().textContent()).toContain('B: deploy.sh:15');
    await page.getByTestId('compare-open-b').first().click();
    await expect.poll(() => page.getByTestId('preview').getAttribute('data-path')).toBe('input/deploy.sh');
    expect(await page.getByTestId('preview').textContent()).toContain(':15');
    await page.screenshot({ path: join(SCREENS, `compare-${theme}.png`) });
    expect(await auditPage(page)).toEqual([]);

    await page.getByTestId('compare-tab-unchanged').click();
    const moved = page.getByTestId('compare-problem').filter({ hasText: 'A: deploy.sh:6' });
    expect(await moved.textContent()).toContain('B: deploy.sh:16');
    await moved.getByTestId('compare-open-a').click();
    await expect.poll(() => page.getByTestId('preview').textContent()).toContain('input/deploy.sh:6');
    await page.getByTestId('compare-tab-files').click();
    await page.getByTestId('compare-files-empty').waitFor();
    expect(await auditPage(page)).toEqual([]);

    // History shows both runs; the audit covers it with its new checkboxes.
    await page.getByTestId('compare-back').click();
    await page.getByTestId('history-row').nth(1).waitFor();
    expect(await auditPage(page)).toEqual([]);
    expect([first, second].sort()).toEqual((await page.getByTestId('history-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id')))).sort());
    expect(app.pageErrors).toEqual([]);
  });

  it('keyboard alone: History, tick two runs, Compare, switch tabs, open a problem', async () => {
    const { page } = app;
    await page.keyboard.press('Control+2');
    await page.getByTestId('history-row').nth(1).waitFor();
    await tabTo(page, '[data-testid="history-select"]');
    await page.keyboard.press('Space');
    await tabTo(page, '[data-testid="history-row"]:nth-child(2) [data-testid="history-select"]');
    await page.keyboard.press('Space');
    // Back to the Compare button in the header: Shift+Tab until it has focus.
    for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'history-compare')); i += 1) {
      await page.keyboard.press('Shift+Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('compare-runs').waitFor();
    await tabTo(page, '[role="tab"][aria-selected="true"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('compare-tab-fixed');
    await tabTo(page, '[data-testid="compare-open-a"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('preview').textContent()).toContain('input/deploy.sh:3');
  });
});
