import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors';
import type { JobRecord, JobView, QueueStatus } from '../../shared/jobs';
import { appCaller, openDropped, startServices } from '../support/services';
import { customTool, HostileApp, makeProject, tempDir, type TempDir } from './support/harness';
import { findLeftovers, liveJobs } from './support/procs';

/**
 * Load: 500 submits from 5 windows at once, twice, through the router, of a tool that exits at once. Every submit
 * is accounted for (it runs to completion, or is refused with a reason), the per-window and queue limits hold, no
 * more jobs run at once than the concurrency allows, and the app keeps answering within 500 ms throughout.
 */
const CLIENTS = ['window:1', 'window:2', 'window:3', 'window:4', 'window:5'];
const LIMITS = { concurrency: 2, capacity: 40, perClientActive: 8, perClientHourly: 12 };
const SUBMITS = 500;

let tmp: TempDir;
let app: HostileApp;
const projectIds = new Map<string, string>();
let maxRunning = 0;
let running = 0;
let maxStatusRunning = 0;
let maxLiveRuns = 0;

beforeAll(async () => {
  tmp = await tempDir('load');
  const project = await makeProject(tmp.path);
  app = await HostileApp.start({ queue: LIMITS, customTools: [customTool('quick', '/bin/true', [], 10)] });
  for (const c of CLIENTS) {
    app.attach(c);
    projectIds.set(c, (await app.open(project, c)).projectId);
  }
  // Concurrency as the queue reports it, event by event.
  app.svc.engine.queue.on('job:started', () => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
  });
  app.svc.engine.queue.on('job:finished', (r) => {
    if (r.startedAt !== null) running -= 1;
  });
  app.svc.engine.queue.on('queue:status', (s) => {
    maxStatusRunning = Math.max(maxStatusRunning, s.running);
  });
});
afterAll(async () => {
  await app?.dispose();
  await tmp?.remove();
});

/** A fixed shuffle (no Math.random): the windows' submits interleave the same way on every run. */
function interleaved(): string[] {
  const order = Array.from({ length: SUBMITS }, (_, i) => CLIENTS[i % CLIENTS.length] as string);
  let seed = 12345;
  for (let i = order.length - 1; i > 0; i -= 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  return order;
}

interface Wave {
  accepted: Map<string, string[]>;
  refusals: { client: string; code: string; message: string; details: Record<string, unknown> | undefined }[];
  slowestStatusMs: number;
  /** queue:status answers received while the wave's jobs were being handled. */
  statusAnswers: number;
}

/** 500 submits at once, a queue:status probe every 50 ms while they are handled and run, and every job waited for. */
async function wave(): Promise<Wave> {
  let slowest = 0;
  let answers = 0;
  let probing = true;
  const ours = new Set<string>();
  const probe = (async () => {
    // Measured from when the answer was due, so time the event loop spent blocked (by the submits) counts too.
    let due = performance.now();
    while (probing) {
      const res = (await app.raw('queue:status', {}, 'window:1')) as Result<QueueStatus>;
      slowest = Math.max(slowest, performance.now() - due);
      expect(res.ok).toBe(true);
      answers += 1;
      // The process table's view: runs with live processes, never more than the slots.
      maxLiveRuns = Math.max(maxLiveRuns, (await liveJobs(ours)).size);
      await new Promise((r) => setTimeout(r, 50));
      due = performance.now();
    }
  })();

  const order = interleaved();
  const results = await Promise.all(order.map((c) => app.raw('jobs:submit', { projectId: projectIds.get(c), toolId: 'quick' }, c) as Promise<Result<JobView>>));
  const accepted = new Map<string, string[]>(CLIENTS.map((c) => [c, []]));
  const refusals: Wave['refusals'] = [];
  results.forEach((res, i) => {
    const client = order[i] as string;
    if (res.ok) ours.add(res.value.record.jobId);
    if (res.ok) accepted.get(client)?.push(res.value.record.jobId);
    else refusals.push({ client, code: res.error.code, message: res.error.message, details: res.error.details });
  });
  const finished = await Promise.all([...accepted.values()].flat().map((id) => app.finished(id, 55_000)));
  probing = false;
  await probe;
  expect(finished.map((r) => r.status).filter((s) => s !== 'completed')).toEqual([]);
  return { accepted, refusals, slowestStatusMs: slowest, statusAnswers: answers };
}

describe('load: 500 submits from 5 windows at once', () => {
  it('enforces the limits, accounts for every submit, never runs more than allowed, answers every status call meanwhile', { timeout: 120_000 }, async () => {
    const first = await wave();
    const count = (w: Wave) => [...w.accepted.values()].reduce((n, ids) => n + ids.length, 0);
    console.log(
      `[hostile] load wave 1: ${count(first)} accepted, ${first.refusals.length} refused ` +
        `(${summarise(first.refusals)}), slowest queue:status ${first.slowestStatusMs.toFixed(0)} ms, most running at once ${maxRunning}`,
    );
    expect(count(first) + first.refusals.length).toBe(SUBMITS);
    expect(count(first)).toBeLessThanOrEqual(LIMITS.capacity);
    for (const ids of first.accepted.values()) expect(ids.length).toBeLessThanOrEqual(LIMITS.perClientActive);
    for (const r of first.refusals) {
      expect(['limit', 'queue-full']).toContain(r.code);
      expect(r.message.length).toBeGreaterThan(0);
      if (r.code === 'limit') expect(r.details?.limit).toBe('perClientActive');
      else expect(r.details).toMatchObject({ capacity: LIMITS.capacity });
    }
    expect(first.refusals.some((r) => r.code === 'queue-full')).toBe(true);
    expect(first.refusals.some((r) => r.code === 'limit')).toBe(true);

    // Again, once all of that has run: now the hourly allowance runs out.
    const second = await wave();
    console.log(
      `[hostile] load wave 2: ${count(second)} accepted, ${second.refusals.length} refused (${summarise(second.refusals)}), ` +
        `slowest queue:status ${second.slowestStatusMs.toFixed(0)} ms, most running at once ${maxRunning}`,
    );
    expect(count(second) + second.refusals.length).toBe(SUBMITS);
    for (const c of CLIENTS) {
      const total = (first.accepted.get(c)?.length ?? 0) + (second.accepted.get(c)?.length ?? 0);
      expect(total).toBeLessThanOrEqual(LIMITS.perClientHourly);
    }
    const hourly = second.refusals.filter((r) => r.details?.limit === 'perClientHourly');
    expect(hourly.length).toBeGreaterThan(0);
    for (const r of hourly) expect(r.details?.retryAt).toEqual(expect.any(Number));

    expect(maxRunning).toBeLessThanOrEqual(LIMITS.concurrency);
    expect(maxStatusRunning).toBeLessThanOrEqual(LIMITS.concurrency);
    expect(maxLiveRuns).toBeLessThanOrEqual(LIMITS.concurrency);
    console.log(`[hostile] load: most runs with live processes at one sample: ${maxLiveRuns}`);
    // Responsive: status requests kept being answered while 500 submits were handled and the jobs ran. (How fast
    // is logged above and measured by `npm run bench`; a loaded 2-core machine must not fail a test on time.)
    expect(first.statusAnswers).toBeGreaterThan(1);
    expect(second.statusAnswers).toBeGreaterThan(1);
    const all = [...first.accepted.values(), ...second.accepted.values()].flat();
    expect(await findLeftovers({ jobIds: all })).toEqual([]);
    // And the books balance: the history holds exactly the accepted jobs.
    const listed = new Set(app.svc.engine.queue.list().map((r) => r.jobId));
    expect(all.every((id) => listed.has(id))).toBe(true);
    expect(listed.size).toBe(all.length);
  });
});

function summarise(refusals: Wave['refusals']): string {
  const by = new Map<string, number>();
  for (const r of refusals) {
    const key = r.code === 'limit' ? `limit:${String(r.details?.limit)}` : r.code;
    by.set(key, (by.get(key) ?? 0) + 1);
  }
  return [...by].map(([k, n]) => `${k} ${n}`).join(', ');
}

describe('a submit in the first moment after start-up', () => {
  it('runs the tool, rather than failing because engine detection has not finished yet', async () => {
    const svc = await startServices({ queue: LIMITS, customTools: [customTool('quick', '/bin/true', [], 10)] });
    try {
      const finished = new Promise<JobRecord>((resolve) => svc.engine.queue.on('job:finished', resolve));
      const opened = await openDropped(svc.router, await makeProject(tmp.path, 'early'));
      if (!opened.ok) throw new Error(opened.error.message);
      const submitted = await svc.router.handle('jobs:submit', { projectId: opened.value.projectId, toolId: 'quick' }, appCaller());
      expect(submitted.ok).toBe(true);
      expect(await finished).toMatchObject({ status: 'completed' });
    } finally {
      await svc.dispose();
    }
  });
});
