import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchApp, type AppUnderTest } from './harness';

// Screenshots of the main screens in both themes, saved as artifacts (test-artifacts/screens/). The README shows
// copies of the best ones (docs/screenshots/).
const SCREENS = join(ARTIFACTS, 'screens');

describe.each(['light', 'dark'] as const)('screens in the %s theme', (theme) => {
  let app: AppUnderTest | undefined;
  afterAll(async () => app?.close());

  it('captures workspace, results, problems, history and settings', async () => {
    await mkdir(SCREENS, { recursive: true });
    app = await launchApp({ colorScheme: theme });
    const { page } = app;
    const shot = (name: string) => page.screenshot({ path: join(SCREENS, `${name}-${theme}.png`) });
    await page.getByTestId('tool-bash-verification').waitFor();
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(theme === 'dark');
    await shot('welcome');

    await page.getByTestId('welcome-example-bash-quoting-bugs').click();
    await page.getByTestId('project-summary').waitFor();
    await page.getByTestId('run-button').click();
    await expect.poll(() => page.getByTestId('result-message').textContent(), { timeout: 20_000 }).toMatch(/problem/);
    await shot('console');
    await page.getByTestId('tab-problems').click();
    await page.getByTestId('diagnostic-item').first().click();
    await page.getByTestId('preview').waitFor();
    await shot('problems');
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-row').first().waitFor();
    await shot('history');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-save').waitFor();
    await shot('settings');
    expect(app.pageErrors).toEqual([]);
  });
});
