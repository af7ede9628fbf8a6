import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import type { JobRecord } from '../shared/jobs';
import { SettingsSchema } from '../shared/settings';
import { MAX_LINES_PER_MESSAGE } from '../main/queue/output-relay';
import { launchApp, ORIGIN, RENDERER_DIR, type AppUnderTest } from '../tests/e2e/harness';
import { emitInPage, markStart, waitAllShown, type ShownResult } from './lib/console-probe';
import { entryJsSize } from './lib/entry-size';
import { reactFloorGzipBytes } from './lib/react-floor';
import { median, repeat } from './lib/stats';
import { formatValue, ratio, type Summary } from './lib/summary';
import type { Benchmark, BenchContext } from './lib/suite';

const LINES = 100_000;
const STREAM_REPS = 3;
const PAINT_REPS = 5;
const EXAMPLE = 'bash-clean-script';
const lineText = (n: string): string => `line ${n} of the chatty tool`;
const LAST_LINE = lineText(String(LINES));

const settings = SettingsSchema.parse({
  limits: { outputLinesKept: LINES },
  customTools: [
    { id: 'chatty', name: 'Chatty', category: 'linter', sourceLanguage: 'bash', command: '/usr/bin/seq', args: ['-f', lineText('%06g'), String(LINES)], timeoutSec: 120 },
    { id: 'quiet', name: 'Quiet', category: 'linter', sourceLanguage: 'bash', command: '/bin/sleep', args: ['60'], timeoutSec: 120 },
  ],
});

/** Opens the example and starts `toolId` from the window, as a user would; `before` runs just before the click on Run. */
async function runFromWindow(page: Page, toolId: string, before: () => Promise<void>): Promise<void> {
  await page.reload();
  await page.getByTestId(`welcome-example-${EXAMPLE}`).click();
  await page.getByTestId('project-summary').waitFor();
  await page.getByTestId(`tool-${toolId}`).click();
  await before();
  await page.getByTestId('run-button').click();
}

/** Click Run → the console shows all 100,000 lines: real process, runner, queue batching, harness transport, renderer. */
async function endToEnd(page: Page): Promise<ShownResult> {
  await runFromWindow(page, 'chatty', () => markStart(page));
  return waitAllShown(page, LINES, LAST_LINE);
}

/** The renderer alone: a running job that prints nothing, fed 100,000 lines by events made inside the page. */
async function rendererOnly(app: AppUnderTest): Promise<ShownResult> {
  const { page } = app;
  await runFromWindow(page, 'quiet', async () => undefined);
  await page.getByTestId('console').waitFor();
  const jobId = await page.locator('[data-testid="job-panel"]').getAttribute('data-job-id');
  const shownJob = app.services.engine.queue.list().find((r) => r.jobId === jobId);
  if (!jobId || shownJob?.toolId !== 'quiet') throw new Error('renderer: the new job is not the one shown');
  // Lines that arrive before the console's snapshot are held and applied with it, so no wait for it here.
  try {
    await markStart(page);
    const shown = waitAllShown(page, LINES, LAST_LINE);
    await emitInPage(page, jobId, LINES, MAX_LINES_PER_MESSAGE, lineText);
    return await shown;
  } finally {
    await app.services.engine.queue.cancel(jobId);
  }
}

/**
 * The harness's transport alone: the same 100,000 lines in messages of the queue's size, sent to the page exactly as
 * the harness sends events (one Playwright evaluate each), for a job no view shows. What the end-to-end figure
 * pays that Electron's IPC would not.
 */
async function transportOnly(page: Page): Promise<number> {
  const messages: { jobId: string; lines: { seq: number; stream: 'stdout'; text: string; ts: number }[] }[] = [];
  for (let seq = 1; seq <= LINES; seq += MAX_LINES_PER_MESSAGE) {
    const lines = [];
    for (let s = seq; s < seq + MAX_LINES_PER_MESSAGE && s <= LINES; s += 1) lines.push({ seq: s, stream: 'stdout' as const, text: lineText(String(s).padStart(6, '0')), ts: Date.now() });
    messages.push({ jobId: 'no-such-job', lines });
  }
  const t0 = performance.now();
  await Promise.all(messages.map((m) => page.evaluate(([e, p]) => window.__hapyyEmit(e, p), ['job:output', m] as const)));
  return performance.now() - t0;
}

/** The same run with no window: submit → job finished in the engine (intake copy, queue, runner, events). */
async function engineOnly(app: AppUnderTest): Promise<number> {
  const { engine } = app.services;
  const project = await engine.projects.openExample(EXAMPLE);
  let jobId = '';
  const finished = new Promise<JobRecord>((resolve) => {
    const off = engine.queue.on('job:finished', (r) => {
      if (r.jobId === jobId) {
        off();
        resolve(r);
      }
    });
  });
  const t0 = performance.now();
  const view = await engine.queue.submit({
    clientId: 'bench-baseline',
    toolId: 'chatty',
    toolName: 'Chatty',
    project: { name: project.name, source: project.source, kind: project.kind },
    priority: 'interactive',
    timeoutSec: 120,
  });
  jobId = view.record.jobId;
  const done = await finished;
  if (done.status !== 'completed' || done.outputLines !== LINES) throw new Error(`renderer: baseline run ended ${done.status} with ${done.outputLines} lines`);
  return performance.now() - t0;
}

/** First contentful paint of a fresh page, ms after navigation start. */
async function firstPaint(app: AppUnderTest, url: string, ready: (p: Page) => Promise<unknown>, serveHtml?: string): Promise<number> {
  const page = await app.context.newPage();
  try {
    // A page route wins over the harness's context route: the page is served through the same in-process transport.
    if (serveHtml !== undefined) await page.route(url, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: serveHtml }));
    await page.goto(url);
    await ready(page);
    // The paint entry is recorded once the frame is presented, a little after the content is in the DOM.
    const fcp = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, undefined, { timeout: 10_000 });
    return (await fcp.jsonValue()) as number;
  } finally {
    await page.close();
  }
}

const secs = (ms: number | null): string => (ms === null ? '-' : `${(ms / 1000).toFixed(2)} s`);

export const renderer: Benchmark = {
  name: 'renderer',
  title: 'Renderer: 100,000 streamed lines, initial JavaScript, first paint (Chromium, built app)',
  async run(ctx: BenchContext): Promise<Summary[]> {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error(`renderer: ${RENDERER_DIR} is not built; run \`npm run build\` first`);
    const size = await entryJsSize(RENDERER_DIR);
    const floor = await reactFloorGzipBytes();
    ctx.log(`renderer: entry ${size.files.join(', ')} built ${size.builtAt.toISOString()}`);
    const out: Summary[] = [
      { name: 'renderer.react-floor.js-gzip', value: floor / 1024, unit: 'KiB', vs: null, note: 'react + react-dom rendering one <p>, minified, gzip' },
      {
        name: 'renderer.initial-js-gzip',
        value: size.gzipBytes / 1024,
        unit: 'KiB',
        vs: ratio(size.gzipBytes, floor, 'bare React app'),
        target: { text: '≤ 1.5× a bare React app', met: size.gzipBytes <= 1.5 * floor },
        note: `${size.files.join(', ')} (loaded by index.html), ${formatValue(size.rawBytes / 1024)} KiB minified; built ${size.builtAt.toISOString()}`,
      },
    ];
    const app = await launchApp({ settings });
    try {
      const blank = await repeat(PAINT_REPS, () => firstPaint(app, 'data:text/html,<p>blank</p>', (p) => p.locator('p').waitFor()));
      // The same paragraph served by the harness, as index.html is: what one request through its transport costs.
      const served = await repeat(PAINT_REPS, () => firstPaint(app, `${ORIGIN}/__bench-blank.html`, (p) => p.locator('p').waitFor(), '<!doctype html><p>blank</p>'));
      const paints = await repeat(PAINT_REPS, () => firstPaint(app, `${ORIGIN}/index.html`, (p) => p.getByTestId(`welcome-example-${EXAMPLE}`).waitFor()));
      ctx.log(`renderer: first contentful paint ${paints.map((p) => p.toFixed(0)).join(' ')} ms (blank page ${blank.map((p) => p.toFixed(0)).join(' ')} ms; served by the harness ${served.map((p) => p.toFixed(0)).join(' ')} ms)`);
      out.push({ name: 'renderer.blank-page.first-paint', value: median(blank), unit: 'ms', vs: null, note: `a data: URL with one paragraph, same browser; median of ${PAINT_REPS}` });
      out.push({ name: 'renderer.blank-page-served.first-paint', value: median(served), unit: 'ms', vs: ratio(median(served), median(blank), 'blank page'), note: `the same paragraph served through the harness's request routing, as the app's files are; median of ${PAINT_REPS}` });
      out.push({
        name: 'renderer.app.first-paint',
        value: median(paints),
        unit: 'ms',
        vs: `${ratio(median(paints), median(blank), 'blank page')}, ${ratio(median(paints), median(served), 'blank page served by the harness')}`,
        target: { text: '≤ 2× a blank page', met: median(paints) <= 2 * median(blank) },
        note: `first-contentful-paint of index.html in a fresh page, files served in-process; median of ${PAINT_REPS}`,
      });

      const engine = await repeat(STREAM_REPS, () => engineOnly(app));
      const transport = await repeat(STREAM_REPS, () => transportOnly(app.page));
      ctx.log(`renderer: harness transport alone ${transport.map((t) => secs(t)).join(', ')}`);
      const own = await repeat(STREAM_REPS, async (i) => {
        const r = await rendererOnly(app);
        ctx.log(`renderer: in-page events rep ${i + 1}/${STREAM_REPS}: all shown after ${secs(r.ms)}, last event at ${secs(r.lastEventMs)}, longest task ${r.longestTaskMs.toFixed(0)} ms`);
        return r;
      });
      const e2e = await repeat(STREAM_REPS, async (i) => {
        const r = await endToEnd(app.page);
        ctx.log(`renderer: end to end rep ${i + 1}/${STREAM_REPS}: all shown after ${secs(r.ms)}, events ${secs(r.firstEventMs)}–${secs(r.lastEventMs)}, longest task ${r.longestTaskMs.toFixed(0)} ms; engine alone ${secs(engine[i] as number)}`);
        await app.services.engine.queue.onIdle();
        return r;
      });
      const m = (rs: ShownResult[], f: (r: ShownResult) => number) => median(rs.map(f));
      out.push({ name: 'renderer.100k.engine-only', value: median(engine) / 1000, unit: 's', vs: null, note: `submit → job finished, no window; median of ${STREAM_REPS}` });
      out.push({
        name: 'renderer.100k.harness-transport-only',
        value: median(transport) / 1000,
        unit: 's',
        vs: ratio(median(transport), median(engine), 'engine alone'),
        note: `${Math.ceil(LINES / MAX_LINES_PER_MESSAGE)} job:output messages delivered by the E2E harness (Playwright evaluate) to a page that ignores them; median of ${STREAM_REPS}`,
      });
      out.push({
        name: 'renderer.100k.all-shown-end-to-end',
        value: m(e2e, (r) => r.ms) / 1000,
        unit: 's',
        vs: ratio(m(e2e, (r) => r.ms), median(engine), 'engine alone'),
        note: `click Run → console shows every line; the last output event reached the page at ${secs(m(e2e, (r) => r.lastEventMs ?? Number.NaN))} (queue batching + the harness's Playwright transport); median of ${STREAM_REPS}`,
      });
      out.push({ name: 'renderer.100k.longest-task-end-to-end', value: m(e2e, (r) => r.longestTaskMs), unit: 'ms', vs: ratio(m(e2e, (r) => r.longestTaskMs), 50, 'the 50 ms long-task budget'), note: 'longest main-thread task while streaming (PerformanceObserver longtask; 0 = none over 50 ms)' });
      out.push({
        name: 'renderer.100k.all-shown-renderer-only',
        value: m(own, (r) => r.ms) / 1000,
        unit: 's',
        vs: ratio(m(own, (r) => r.ms), median(engine), 'engine alone'),
        note: `events of ${MAX_LINES_PER_MESSAGE} lines made in the page, one per task, into a running job's console: the renderer's own cost; median of ${STREAM_REPS}`,
      });
      out.push({ name: 'renderer.100k.longest-task-renderer-only', value: m(own, (r) => r.longestTaskMs), unit: 'ms', vs: ratio(m(own, (r) => r.longestTaskMs), 50, 'the 50 ms long-task budget') });
    } finally {
      await app.close();
    }
    return out;
  },
};
