import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { ORIGIN } from './harness';

/** WCAG 2.1 A and AA, the level the app promises. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_URL = `${ORIGIN}/__test__/axe.min.js`;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page and returns its WCAG 2.1 AA violations. The page's CSP allows scripts from its own
 * origin only, so axe is served from that origin for this page (a test-only route) and added as a script tag.
 */
export async function auditPage(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) {
    const source = await readFile(axePath, 'utf8');
    await page.route(AXE_URL, (route) => route.fulfill({ status: 200, body: source, headers: { 'content-type': 'text/javascript' } }));
    await page.addScriptTag({ url: AXE_URL });
  }
  return page.evaluate(async (tags) => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<Result> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, TAGS);
}
