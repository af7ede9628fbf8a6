import { readdir, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { COMPARE_PAGE_SIZE, type CompareOpened } from '../shared/compare';
import { CompareService } from '../main/compare/service';
import { compareRuns } from '../main/results/compare';
import { launchApp } from '../tests/e2e/harness';
import { makeCompareRuns } from './lib/compare-runs';
import { median, repeat } from './lib/stats';
import { formatValue, ratio, type Summary } from './lib/summary';
import type { Benchmark } from './lib/suite';
import { withTempDir } from './lib/temp';

const SIZE = { files: 20_000, problems: 100_000 };
const REPS = 3;
/** A task longer than this freezes the window noticeably (RAIL: respond within 100 ms; 200 ms is a visible hitch). */
const LONG_TASK_TARGET_MS = 200;

/** The floor a compare cannot beat: reading every file it looks at (both runs' inputs and outputs) once. */
async function readEverything(runDirs: string[]): Promise<number> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else files.push(p);
    }
  };
  for (const d of runDirs) await walk(d);
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < files.length) bytes += (await readFile(files[next++] as string)).length;
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return bytes;
}

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

/**
 * The window's path without the window: CompareService (the worker thread) opens the compare — time to the first
 * page — then every page of every list is fetched — time to the full result. RSS is sampled meanwhile (the worker is
 * a thread of this process, so its memory is in it).
 */
async function throughWorker(fx: Awaited<ReturnType<typeof makeCompareRuns>>): Promise<{ firstMs: number; fullMs: number; peakRss: number; startRss: number; pages: number }> {
  const service = new CompareService({ records: () => [fx.a.record, fx.b.record], runDir: (id) => (id === fx.a.record.jobId ? fx.a.runDir : fx.b.runDir) });
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 25);
  try {
    const t0 = performance.now();
    const opened: CompareOpened = await service.open('bench', fx.a.record.jobId, fx.b.record.jobId);
    const firstMs = performance.now() - t0;
    let pages = 0;
    for (const state of ['new', 'fixed', 'unchanged'] as const) {
      for (let offset = COMPARE_PAGE_SIZE; offset < opened.problems[state].total; offset += COMPARE_PAGE_SIZE) {
        await service.problems('bench', opened.compareId, state, offset);
        pages += 1;
      }
    }
    for (let offset = COMPARE_PAGE_SIZE; offset < opened.files.changes.total; offset += COMPARE_PAGE_SIZE) {
      await service.files('bench', opened.compareId, offset);
      pages += 1;
    }
    const fullMs = performance.now() - t0;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { firstMs, fullMs, peakRss, startRss, pages };
  } finally {
    clearInterval(sampler);
    await service.close();
  }
}

export const compare: Benchmark = {
  name: 'compare',
  title: `Compare two runs of ${SIZE.problems.toLocaleString('en')} problems and ${SIZE.files.toLocaleString('en')} files each: compute, and the window while it shows`,
  async run(ctx) {
    return withTempDir('compare', async (dataDir) => {
      ctx.log('writing two runs…');
      const fx = await makeCompareRuns(join(dataDir, 'runs'), SIZE);
      const runDirs = [fx.a.runDir, fx.b.runDir];
      await readEverything(runDirs); // warm the page cache for both measurements alike
      const floor = await repeat(REPS, async () => {
        const t = performance.now();
        await readEverything(runDirs);
        return performance.now() - t;
      });
      ctx.log(`load average before computing: ${load()}`);
      let answer = await compareRuns(fx.a, fx.b);
      const times = await repeat(REPS, async () => {
        const t = performance.now();
        answer = await compareRuns(fx.a, fx.b);
        return performance.now() - t;
      });
      const p = answer.problems;
      const right =
        p.fixed.length === fx.expected.fixed && p.new.length === fx.expected.added && p.unchanged.length === fx.a.diagnostics.length - fx.expected.fixed;
      ctx.log(`new ${p.new.length} (expected ${fx.expected.added}), fixed ${p.fixed.length} (${fx.expected.fixed}), unchanged ${p.unchanged.length} incl. ${fx.expected.moved} moved`);
      if (!right) throw new Error('compare: the counts do not match what the generator did');
      const resultBytes = JSON.stringify(answer).length;
      ctx.log(`compute ${formatValue(median(times))} ms (reading every file once: ${formatValue(median(floor))} ms); result ${formatValue(resultBytes / 1e6)} MB`);
      const worker = await repeat(REPS, () => throughWorker(fx));
      const firstMs = median(worker.map((w) => w.firstMs));
      const fullMs = median(worker.map((w) => w.fullMs));
      const peakRss = Math.max(...worker.map((w) => w.peakRss));
      const startRss = Math.min(...worker.map((w) => w.startRss));
      const workerLoad = load();
      ctx.log(`worker: first page ${formatValue(firstMs)} ms, all ${worker[0]?.pages ?? 0} further pages ${formatValue(fullMs)} ms; peak RSS ${formatValue(peakRss / 1e6)} MB (from ${formatValue(startRss / 1e6)} MB); load ${workerLoad}`);

      ctx.log('the window: History → pick both → Compare…');
      const app = await launchApp({ dataDir });
      try {
        const { page } = app;
        await page.getByTestId('nav-history').click();
        await page.getByTestId('history-select').nth(1).waitFor();
        await page.getByTestId('history-select').nth(0).check();
        await page.getByTestId('history-select').nth(1).check();
        await page.evaluate(() => {
          const w = window as unknown as { __long: number[] };
          w.__long = [];
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.__long.push(e.duration);
          }).observe({ type: 'longtask' });
        });
        const t0 = Date.now();
        await page.getByTestId('history-compare').click();
        await page.locator('[data-testid="compare-problem"], [data-testid="compare-error"]').first().waitFor({ timeout: 600_000 });
        if (await page.getByTestId('compare-error').count()) throw new Error(`the window could not show the compare: ${await page.getByTestId('compare-error').textContent()}`);
        const shownMs = Date.now() - t0;
        ctx.log(`shown in ${shownMs} ms`);
        // Switch to the unchanged list (the longest): time from the click to the next frame, measured in the page.
        const switchMs = await Promise.race([
          page.evaluate(
            () =>
              new Promise<number>((resolve) => {
                const t = performance.now();
                (document.querySelector('[data-testid="compare-tab-unchanged"]') as HTMLElement).click();
                requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t)));
              }),
          ),
          // unref: the guard must not keep the bench alive for 5 minutes after it is done.
          new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), 300_000).unref()),
        ]);
        ctx.log(`tab switch to Unchanged: ${formatValue(switchMs)} ms`);
        if (!Number.isFinite(switchMs)) throw new Error('the window did not switch to the Unchanged tab within 5 minutes');
        // Scroll it from top to bottom in steps, as a user dragging the scrollbar; each step's rows arrive with their page.
        for (let i = 1; i <= 10; i += 1) {
          await page.getByTestId('compare-problems').evaluate((el, f) => (el.scrollTop = el.scrollHeight * f), i / 10, { timeout: 300_000 });
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
          await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-problem-loading"]').length === 0, null, { timeout: 60_000 });
        }
        const rows = await page.getByTestId('compare-problem').count();
        const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
        const longest = Math.max(0, ...long);
        ctx.log(`shown in ${shownMs} ms; ${long.length} long tasks, longest ${formatValue(longest)} ms; ${rows} rows in the DOM`);
        const computeMs = median(times);
        const floorMs = median(floor);
        return [
          { name: 'compare: read every file once (floor)', value: floorMs, unit: 'ms', vs: null },
          {
            name: 'compare: compute whole, diffs included (the CLI: compareRuns in its thread)',
            value: computeMs,
            unit: 'ms',
            vs: ratio(computeMs, floorMs, 'reading the files'),
            note: `${SIZE.problems.toLocaleString('en')} problems and ${SIZE.files.toLocaleString('en')} produced files per run; median of ${REPS}; result ${formatValue(resultBytes / 1e6)} MB of JSON`,
          },
          {
            name: 'compare: worker thread, open → summary + first page of every list',
            value: firstMs,
            unit: 'ms',
            vs: ratio(firstMs, floorMs, 'reading the files'),
            note: `median of ${REPS}; load average (1, 5, 15 min) ${workerLoad}`,
          },
          {
            name: `compare: worker thread, open + every page (${COMPARE_PAGE_SIZE} a page) → full result`,
            value: fullMs,
            unit: 'ms',
            vs: ratio(fullMs, firstMs, 'first page'),
            note: `${worker[0]?.pages ?? 0} page requests; median of ${REPS}`,
          },
          {
            name: 'compare: peak RSS while computing and paging (process, worker included)',
            value: peakRss / 1e6,
            unit: 'MB',
            vs: null,
            note: `${formatValue(startRss / 1e6)} MB before the first compare; sampled every 25 ms`,
          },
          {
            name: 'compare: window, click Compare → first problem shown',
            value: shownMs,
            unit: 'ms',
            vs: ratio(shownMs, computeMs, 'compute'),
            note: 'the worker computes; only counts and first pages cross IPC and the schema checks',
          },
          {
            name: 'compare: window, switch to the Unchanged tab (95,000 rows)',
            value: switchMs,
            unit: 'ms',
            vs: null,
            target: { text: `< ${LONG_TASK_TARGET_MS} ms`, met: switchMs < LONG_TASK_TARGET_MS },
          },
          {
            name: 'compare: window, longest task while showing and scrolling',
            value: longest,
            unit: 'ms',
            vs: null,
            target: { text: `< ${LONG_TASK_TARGET_MS} ms`, met: longest < LONG_TASK_TARGET_MS },
            note: `${long.length} long tasks (> 50 ms); ${rows} list rows in the DOM at the end`,
          },
          {
            name: 'compare: window, list rows in the DOM after scrolling',
            value: rows,
            unit: 'rows',
            vs: null,
            target: { text: '< 200 (virtualized)', met: rows < 200 },
          },
        ] satisfies Summary[];
      } finally {
        await app.close();
      }
    });
  },
};
