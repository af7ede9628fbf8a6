import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../shared/settings';
import { ARTIFACTS, launchApp, type AppUnderTest } from './harness';

// 100,000 lines from a real process, through the runner, the queue's batching and the bridge, into the console.
const LINES = 100_000;
const settings = SettingsSchema.parse({
  limits: { outputLinesKept: LINES },
  customTools: [
    { id: 'chatty', name: 'Chatty', category: 'linter', sourceLanguage: 'bash', command: '/usr/bin/seq', args: ['-f', 'line %06g of the chatty tool', String(LINES)], timeoutSec: 120 },
  ],
});

describe('console under load', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    app = await launchApp({ settings });
  });
  afterAll(async () => app?.close());

  it('shows 100,000 streamed lines with no long task over 200 ms and a bounded number of rows in the DOM', async () => {
    const { page } = app;
    await page.getByTestId('welcome-example-bash-clean-script').click();
    await page.getByTestId('project-summary').waitFor();
    // Long tasks are observed from before the run starts until every line is shown.
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    await page.getByTestId('tool-chatty').click();
    await page.getByTestId('run-button').click();

    let maxRows = 0;
    await expect
      .poll(
        async () => {
          maxRows = Math.max(maxRows, await page.getByTestId('console-row').count());
          return page.getByTestId('console-count').textContent();
        },
        { timeout: 60_000, interval: 100 },
      )
      .toMatch(/100,000/);
    const lastRow = page.getByTestId('console-row').last();
    await expect.poll(() => lastRow.textContent()).toContain('line 100000 of the chatty tool');
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    await page.screenshot({ path: join(ARTIFACTS, 'console-100k-light.png') });
    console.log(`console load: ${longTasks.length} long tasks, longest ${Math.round(Math.max(0, ...longTasks))} ms, at most ${maxRows} rows in the DOM`);
    expect(Math.max(0, ...longTasks)).toBeLessThan(200);
    expect(maxRows).toBeGreaterThan(0);
    expect(maxRows).toBeLessThan(200);
    expect(app.pageErrors).toEqual([]);
  });
});
