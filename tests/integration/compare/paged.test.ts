import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_PAGE_SIZE, CompareOpenedSchema, FilePageSchema, ProblemPageSchema, type CompareOpened, type ProblemState } from '../../../shared/compare';
import type { Result } from '../../../shared/errors';
import { SettingsSchema } from '../../../shared/settings';
import { APP_ORIGIN, appOriginPolicy } from '../../../main/ipc/router';
import { createServices, type Services } from '../../../main/ipc/services';
import { devLayout } from '../../../main/resources';
import { makeCompareRuns, type CompareFixture } from '../../../bench/lib/compare-runs';
import { appCaller, ROOT } from '../../support/services';

// The bound: a compare of 100,000 problems through the real router and services. It is computed in a worker
// thread, so the router keeps answering other requests meanwhile; its lists come in pages, every item exactly once.
// Ten findings per file on distinct lines (the generator fixes and moves findings by line).
const SIZE = { files: 10_000, problems: 100_000 };

describe('a compare of 100,000 problems over IPC', () => {
  let dataDir = '';
  let svc: Services;
  let fx: CompareFixture;
  const win = appCaller('window:big');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hapyy-compare-big-'));
    // Two finished runs as the runner leaves them (the bench's generator); the history finds them at start.
    fx = await makeCompareRuns(join(dataDir, 'runs'), SIZE);
    svc = await createServices({
      dataDir,
      runtime: devLayout(ROOT),
      desktop: { pickProject: async () => null, pickSavePath: async () => null, reveal: () => undefined, confirmChanges: async () => false },
      trustSender: appOriginPolicy([APP_ORIGIN]),
      validateResponses: true,
      settings: SettingsSchema.parse({}),
    });
    svc.events.attach(win.clientId, () => undefined);
  }, 240_000);
  afterAll(async () => {
    await svc?.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  });

  let opened: CompareOpened;

  it('the router answers other requests while the compare is computed; then the first page comes', async () => {
    const order: string[] = [];
    // Once the compare is matching run B's problems (after both runs' findings are read and A's are fingerprinted),
    // five requests are made one after another, each waiting for the last and each reading a file (a run's log
    // tail). All are answered before the compare is, because it runs off the main thread. Computed in this thread
    // (checked by swapping CompareService's worker for HeldCompares in place), its synchronous reads and matching
    // hold the event loop, and these requests wait until it has finished.
    let others: Promise<void> | null = null;
    const off = svc.compares.onStep(({ step }) => {
      if (step !== 'problems-b' || others) return;
      others = (async () => {
        for (let i = 0; i < 5; i += 1) {
          const res = (await svc.router.handle('jobs:get', { jobId: fx.a.record.jobId }, win)) as Result<unknown>;
          expect(res.ok).toBe(true);
          order.push(`other ${i}`);
        }
      })();
    });
    const compare = svc.router.handle('jobs:compare', { a: fx.a.record.jobId, b: fx.b.record.jobId }, win).then((res) => {
      order.push('compare');
      return res as Result<unknown>;
    });
    const res = await compare;
    off();
    await others;
    expect(order).toEqual(['other 0', 'other 1', 'other 2', 'other 3', 'other 4', 'compare']);
    expect(res.ok).toBe(true);
    opened = CompareOpenedSchema.parse(res.ok ? res.value : null);
    const { problems } = opened;
    expect([problems.new.total, problems.fixed.total, problems.unchanged.total]).toEqual([
      fx.expected.added,
      fx.expected.fixed,
      SIZE.problems - fx.expected.fixed,
    ]);
    // Only the first page of each list crossed with it.
    for (const state of ['new', 'fixed', 'unchanged'] as const) expect(problems[state].items).toHaveLength(COMPARE_PAGE_SIZE);
    expect(opened.files.changes.items.length).toBeLessThanOrEqual(COMPARE_PAGE_SIZE);
  }, 240_000);

  it('paging returns every problem and file exactly once, in order, and refuses pages over the bound', async () => {
    const seen = new Set<string>();
    let count = 0;
    for (const state of ['new', 'fixed', 'unchanged'] as ProblemState[]) {
      const total = opened.problems[state].total;
      for (let offset = 0; offset < total; offset += COMPARE_PAGE_SIZE) {
        const res = (await svc.router.handle('compare:problems', { compareId: opened.compareId, state, offset }, win)) as Result<unknown>;
        const page = ProblemPageSchema.parse(res.ok ? res.value : res);
        expect(page.offset).toBe(offset);
        expect(page.items.length).toBe(Math.min(COMPARE_PAGE_SIZE, total - offset));
        if (offset === 0) expect(page.items).toEqual(opened.problems[state].items);
        for (const p of page.items) seen.add(`${state} ${p.fingerprint}`);
        count += page.items.length;
      }
    }
    expect(count).toBe(fx.expected.added + SIZE.problems);
    expect(seen.size).toBe(count);
    const files = new Set<string>();
    for (let offset = 0; offset < opened.files.changes.total; offset += COMPARE_PAGE_SIZE) {
      const res = (await svc.router.handle('compare:files', { compareId: opened.compareId, offset }, win)) as Result<unknown>;
      for (const f of FilePageSchema.parse(res.ok ? res.value : res).items) files.add(f.path);
    }
    expect(files.size).toBe(opened.files.changes.total);
    const tooBig = await svc.router.handle('compare:problems', { compareId: opened.compareId, state: 'new', offset: 0, limit: COMPARE_PAGE_SIZE + 1 }, win);
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  }, 240_000);

  it("a changed file's diff is computed when asked for, from both runs' files", async () => {
    let changed: string | null = null;
    for (let offset = 0; changed === null && offset < opened.files.changes.total; offset += COMPARE_PAGE_SIZE) {
      const res = (await svc.router.handle('compare:files', { compareId: opened.compareId, offset }, win)) as Result<unknown>;
      const page = FilePageSchema.parse(res.ok ? res.value : res);
      expect(page.items.every((f) => f.diff === null)).toBe(true);
      changed = page.items.find((f) => f.change === 'changed' && f.kind === 'text')?.path ?? null;
    }
    expect(changed).not.toBeNull();
    const res = await svc.router.handle('compare:diff', { compareId: opened.compareId, path: changed as string }, win);
    expect(res).toMatchObject({ ok: true, value: { diff: expect.stringMatching(/-value \d+\n\+VALUE \d+/), diffNote: null } });
  });
});
