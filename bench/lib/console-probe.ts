import type { Page } from 'playwright-core';

/** Page-side instruments for the console: long tasks, arrival of output events, and "every line is shown". */

export interface ShownResult {
  /** From the mark to the frame where the console shows every line and the last one, ms. */
  ms: number;
  longestTaskMs: number;
  longTasks: number;
  /** When the first and last `job:output` event reached the page, ms after the mark (null with no events). */
  firstEventMs: number | null;
  lastEventMs: number | null;
}

type ProbeWindow = Window & { __longTasks: number[]; __t0: number; __outputAt: number[]; __hapyyEmit(e: string, p: unknown): void };

/** Starts observing long tasks and output events, and marks t0. */
export async function markStart(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__longTasks = [];
    w.__outputAt = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    const emit = w.__hapyyEmit;
    w.__hapyyEmit = (event, payload) => {
      if (event === 'job:output') w.__outputAt.push(performance.now());
      emit(event, payload);
    };
    w.__t0 = performance.now();
  });
}

/** Waits (checking every frame) until the console counts `lines` lines and its last row holds `lastText`. */
export async function waitAllShown(page: Page, lines: number, lastText: string): Promise<ShownResult> {
  const handle = await page.waitForFunction(
    ([count, last]) => {
      const shown = document.querySelector('[data-testid="console-count"]')?.textContent ?? '';
      const rows = document.querySelectorAll('[data-testid="console-row"]');
      if (!shown.startsWith(count) || !(rows[rows.length - 1]?.textContent ?? '').includes(last)) return null;
      const w = window as unknown as ProbeWindow;
      const at = w.__outputAt;
      return {
        ms: performance.now() - w.__t0,
        longestTaskMs: Math.max(0, ...w.__longTasks),
        longTasks: w.__longTasks.length,
        firstEventMs: at.length > 0 ? (at[0] as number) - w.__t0 : null,
        lastEventMs: at.length > 0 ? (at[at.length - 1] as number) - w.__t0 : null,
      };
    },
    [lines.toLocaleString('en-US'), lastText] as const,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as ShownResult;
}

/**
 * Feeds `lines` lines to the console of `jobId` from inside the page, in messages of `perMessage` lines (the
 * queue's largest), one per task as IPC messages arrive: the renderer's own cost, with no transport at all.
 */
export async function emitInPage(page: Page, jobId: string, lines: number, perMessage: number, text: (n: string) => string): Promise<void> {
  const template = text('%N%');
  await page.evaluate(
    async ([id, total, per, tpl]) => {
      const w = window as unknown as ProbeWindow;
      for (let seq = 1; seq <= total; seq += per) {
        const batch = [];
        for (let s = seq; s < seq + per && s <= total; s += 1) batch.push({ seq: s, stream: 'stdout', text: tpl.replace('%N%', String(s).padStart(6, '0')), ts: Date.now() });
        w.__hapyyEmit('job:output', { jobId: id, lines: batch });
        await new Promise((r) => setTimeout(r, 0));
      }
    },
    [jobId, lines, perMessage, template] as const,
  );
}
