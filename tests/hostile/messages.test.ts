import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, CHANNELS, type ChannelName } from '../../shared/contract';
import { ERROR_MESSAGES, type Result } from '../../shared/errors';
import { DROP_TOKEN_CHANNEL } from '../../shared/preload-channels';
import { appCaller } from '../support/services';
import { BASH, customTool, HostileApp, makeProject, newMarker, tempDir, tool, type TempDir } from './support/harness';
import { killLeftovers } from './support/procs';

/**
 * Hostile messages: property-based fuzzing of every channel of the contract through the real router and services.
 * Whatever arrives (wrong types, huge strings and arrays, `__proto__` and `constructor` keys, unknown ids, another
 * live window's job ids, paths that climb out or name links), the answer is a Result: ok, or a typed error with a
 * code from shared/errors.ts, never `internal`; no answer ever holds a canary planted outside the run folders; the
 * prototype chain stays clean; and the other window's running job is untouched.
 */
const A = 'window:A';
const B = 'window:B';
const GONE = 'window:closed';
const CODES = new Set(Object.keys(ERROR_MESSAGES));
const mark = newMarker('fuzz');

let tmp: TempDir;
let app: HostileApp;
let canaryText: string;
let canaryFile: string;
let projectPath: string;
let projectId: string;
const ids = { jobA: '', jobB: '', jobBDone: '', jobGone: '' };

beforeAll(async () => {
  tmp = await tempDir('fuzz');
  canaryText = `CANARY-${newMarker('fuzz')}`;
  canaryFile = path.join(tmp.path, 'outside', 'canary.txt');
  await mkdir(path.dirname(canaryFile));
  await writeFile(canaryFile, `${canaryText}\n`);
  projectPath = await makeProject(tmp.path);
  app = await HostileApp.start(
    {
      queue: { concurrency: 2, capacity: 100, perClientActive: 50, perClientHourly: 0 },
      customTools: [customTool('nothing', '/bin/true', [], 10), customTool('sleeper', BASH, [tool('sleeper.sh'), mark, '60'], 120)],
    },
    // The user says yes to every confirmation here, so state-changing channels are exercised past the dialog
    // (tests/hostile/window-proposes.test.ts checks that a refusal changes nothing).
    { pickProject: async () => null, pickSavePath: async () => null, reveal: () => undefined, confirmChanges: async () => true },
  );
  app.attach(A);
  app.attach(B);
  projectId = (await app.open(projectPath, A)).projectId;
  // A project belongs to the window that opened it: B and the closed window open the same folder for themselves.
  const projectB = (await app.open(projectPath, B)).projectId;
  ids.jobA = (await app.run(projectId, 'nothing', A)).jobId;
  ids.jobBDone = (await app.run(projectB, 'nothing', B)).jobId;
  ids.jobGone = (await app.run((await app.open(projectPath, GONE)).projectId, 'nothing', GONE)).jobId; // a window that has closed: its history is anyone's
  const b = await app.call('jobs:submit', { projectId: projectB, toolId: 'sleeper' }, B);
  ids.jobB = b.record.jobId;
  // Links planted in A's own results, pointing at the canary outside every run folder.
  const out = path.join(app.runDir(ids.jobA), 'output');
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'real.txt'), 'ordinary\n');
  await symlink(canaryFile, path.join(out, 'canary-link'));
  await symlink(path.dirname(canaryFile), path.join(out, 'canary-dir'));
  await symlink('../../../..', path.join(out, 'up'));
});
afterAll(async () => {
  const lines = [...outcomes].sort().map(([c, per]) => `  ${c}: ${[...per].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`[hostile] fuzzed outcomes per channel:\n${lines.join('\n')}`);
  await app?.dispose();
  await killLeftovers({ markers: [mark] });
  await tmp?.remove();
});

// ── arbitraries ──────────────────────────────────────────────────────────────────────────────────────────────

const HUGE_STRING = 'x'.repeat(2 * 1024 * 1024);
const HUGE_ARRAY = new Array<number>(200_000).fill(7);
const protoPayloads = () => [
  JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown,
  JSON.parse(`{"jobId":"${ids.jobA}","__proto__":{"polluted":true}}`) as unknown,
  JSON.parse('{"settings":{"__proto__":{"polluted":true},"theme":"dark"}}') as unknown,
  JSON.parse('{"settings":{"constructor":{"prototype":{"polluted":true}}}}') as unknown,
  Object.create(null) as unknown,
];

const hostilePaths = () => [
  '..',
  '../',
  '../../etc/passwd',
  '/etc/passwd',
  canaryFile,
  path.dirname(canaryFile),
  'output/canary-link',
  'output/canary-dir',
  'output/canary-dir/canary.txt',
  'output/up',
  'output/up/tmp',
  `output/up${canaryFile}`,
  'output/../../../etc/passwd',
  'output/..',
  'output/real.txt',
  'output//real.txt',
  'output/./real.txt',
  '..\\..\\etc\\passwd',
  'output\\..\\..\\run.json',
  'C:\\Windows\\win.ini',
  '\\\\server\\share\\x',
  'output/real.txt\0.png',
  '%2e%2e/%2e%2e/etc/passwd',
  '\uff0e\uff0e/\uff0e\uff0e/etc/passwd',
  '~/.ssh/id_rsa',
  'run.json',
  'run.log',
  'manifest.json',
  'input/main.sh',
  'input/../../..',
  'a/'.repeat(3000),
  'x'.repeat(5000),
];

/** Everything a hostile page might put in one field. */
const fieldValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<unknown>(ids.jobA, ids.jobB, ids.jobBDone, ids.jobGone, projectId, 'nothing', 'sleeper', 'interactive', 'batch') },
    { weight: 4, arbitrary: fc.constantFrom<unknown>(...hostilePaths()) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', '../', 'output/', '/', 'input/', 'output/canary-dir/'), fc.string({ maxLength: 40 })).map(([a, b]) => a + b) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(HUGE_STRING, HUGE_ARRAY, [HUGE_STRING], { a: HUGE_ARRAY }) },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt().map(String)) },
    { weight: 2, arbitrary: fc.anything({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.constantFrom(...protoPayloads()) },
  );

const KEYS = ['jobId', 'path', 'token', 'source', 'projectId', 'toolId', 'priority', 'timeoutSec', 'scanId', 'exampleId', 'settings', '__proto__', 'constructor', 'prototype', 'toString', 'extra'];

/** A payload for one channel: its real fields with hostile values (often one field only), or anything at all. */
const payloadFor = (channel: ChannelName): fc.Arbitrary<unknown> => {
  const shape = (CHANNELS[channel].request as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const fields = Object.keys(shape);
  const own = fields.length > 0 ? fc.record(Object.fromEntries(fields.map((f) => [f, fieldValue()])), { requiredKeys: [] }) : fc.constant({});
  // A well-formed request with one field made hostile: gets past validation into the handlers.
  const valid: Record<string, unknown> = { jobId: ids.jobA, path: 'output/real.txt', source: projectPath, projectId, toolId: 'nothing', scanId: 'scan-fuzz', exampleId: 'hello' };
  const base = Object.fromEntries(fields.filter((f) => f in valid).map((f) => [f, valid[f]]));
  const oneBad =
    fields.length > 0 ? fc.tuple(fc.constantFrom(...fields), fieldValue()).map(([f, v]) => ({ ...base, [f]: v })) : fc.constant({});
  return fc.oneof(
    { weight: 3, arbitrary: own },
    { weight: 3, arbitrary: oneBad },
    { weight: 1, arbitrary: fc.constant(base) },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), fieldValue(), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(...protoPayloads()) },
  );
};

// ── the invariants of every answer ───────────────────────────────────────────────────────────────────────────

const prototypeKeys = (): string => JSON.stringify([Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype)]);
let cleanPrototype = '';

function checkAnswer(channel: string, res: Result<unknown>): void {
  expect(res !== null && typeof res === 'object' && typeof res.ok === 'boolean', `${channel}: a Result`).toBe(true);
  const text = JSON.stringify(res);
  expect(text.includes(canaryText), `${channel}: never the canary`).toBe(false);
  expect(text.includes('root:x:0:0'), `${channel}: never /etc/passwd`).toBe(false);
  if (res.ok) {
    expect(CHANNELS[channel as ChannelName].response.safeParse(res.value).success, `${channel}: a valid response`).toBe(true);
  } else {
    expect(CODES.has(res.error.code), `${channel}: a known code (${res.error.code})`).toBe(true);
    expect(res.error.code, `${channel}: not internal: ${res.error.message}`).not.toBe('internal');
    expect(res.error.message.length).toBeLessThan(2000);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(prototypeKeys()).toBe(cleanPrototype);
}

/** Outcomes per channel, printed at the end: shows the fuzzing reached past validation. */
const outcomes = new Map<string, Map<string, number>>();

async function call(channel: string, payload: unknown, client = A): Promise<Result<unknown>> {
  const res = await app.raw(channel, payload, client);
  checkAnswer(channel, res);
  const per = outcomes.get(channel) ?? new Map<string, number>();
  const key = res.ok ? 'ok' : res.error.code;
  per.set(key, (per.get(key) ?? 0) + 1);
  outcomes.set(channel, per);
  return res;
}

/** Channels that only read (or fail): safe to fuzz in any order. projects:pick and results:export reach the stubbed dialogs. */
const READERS: ChannelName[] = CHANNEL_NAMES.filter(
  (c) => !['jobs:submit', 'jobs:cancel', 'jobs:rerun', 'jobs:delete', 'history:clear', 'queue:pause', 'queue:resume', 'settings:set', 'settings:reset', 'tools:rescan', 'projects:open', 'watch:start'].includes(c),
);
const JOB_CHANNELS: ChannelName[] = ['jobs:get', 'jobs:cancel', 'jobs:diagnostics', 'jobs:rerun', 'jobs:delete', 'results:tree', 'results:preview', 'results:export', 'results:reveal'];

describe('hostile messages (fuzzed through the real router)', () => {
  beforeAll(() => {
    cleanPrototype = prototypeKeys();
  });

  it('every read channel answers anything with a Result, never internal, never the canary', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...READERS).chain((c) => fc.tuple(fc.constant(c), payloadFor(c))), async ([channel, payload]) => {
        await call(channel, payload);
      }),
      { numRuns: 400 },
    );
  });

  it('preview paths that climb out, are absolute or go through links never read outside the run folder', async () => {
    const pathArb = fc.oneof(fieldValue(), fc.constantFrom(...hostilePaths()));
    await fc.assert(
      fc.asyncProperty(pathArb, async (p) => {
        const res = await call('results:preview', { jobId: ids.jobA, path: p });
        if (res.ok) {
          const preview = res.value as { path: string; kind: string };
          expect(preview.path.startsWith('/') || preview.path.split('/').includes('..')).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
    // The same, deterministically, for the links planted in the results.
    for (const p of ['output/canary-link', 'output/canary-dir', 'output/up']) {
      expect(await call('results:preview', { jobId: ids.jobA, path: p })).toMatchObject({ ok: true, value: { kind: 'link', text: '' } });
    }
    for (const p of ['output/canary-dir/canary.txt', 'output/up/tmp', '../../etc/passwd', canaryFile]) {
      const res = await call('results:preview', { jobId: ids.jobA, path: p });
      expect(res.ok, p).toBe(false);
    }
  });

  it("another live window's job can be neither read nor acted on, whatever comes with its id", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...JOB_CHANNELS), fc.constantFrom(ids.jobB, ids.jobBDone), fieldValue(), async (channel, jobId, extra) => {
        const payload = channel === 'results:preview' || channel === 'results:reveal' ? { jobId, path: typeof extra === 'string' ? extra : 'run.log' } : { jobId };
        const res = await call(channel, payload);
        expect(res.ok, `${channel} on B's job`).toBe(false);
        if (!res.ok) expect(['forbidden', 'invalid-input']).toContain(res.error.code);
      }),
      { numRuns: 150 },
    );
    const list = (await call('jobs:list', {})) as { ok: true; value: { jobId: string }[] };
    expect(list.value.map((r) => r.jobId)).not.toContain(ids.jobB);
    expect(list.value.map((r) => r.jobId)).toContain(ids.jobGone);
    const status = (await call('queue:status', {})) as { ok: true; value: { jobs: { record: { jobId: string } }[] } };
    expect(status.value.jobs.map((j) => j.record.jobId)).not.toContain(ids.jobB);
    // B itself still sees its job running.
    expect(await call('jobs:get', { jobId: ids.jobB }, B)).toMatchObject({ ok: true, value: { record: { status: 'running' } } });
    // A window that has closed is history: its jobs are anyone's to read.
    expect((await call('jobs:get', { jobId: ids.jobGone })).ok).toBe(true);
  });

  it("clearing the history leaves another live window's runs alone", async () => {
    const res = await call('history:clear', {});
    expect(res.ok).toBe(true);
    expect(await call('jobs:get', { jobId: ids.jobBDone }, B)).toMatchObject({ ok: true });
    expect(await call('jobs:get', { jobId: ids.jobB }, B)).toMatchObject({ ok: true, value: { record: { status: 'running' } } });
  });

  it('projects:open opens nothing the page names; a dropped path that is not absolute is refused, not resolved against the app folder', async () => {
    for (const p of ['relative/folder', '.', '..', 'main.sh', '~']) {
      expect(await app.svc.router.handlePreload(DROP_TOKEN_CHANNEL, { path: p }, appCaller(A))).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    const pathArb = fc.oneof(
      fc.constantFrom(projectPath, path.dirname(canaryFile), canaryFile, `/nonexistent-${mark}`, `${canaryFile}/../..`, '', '\0', HUGE_STRING),
      fc.string({ maxLength: 30 }).map((s) => `/nonexistent-${mark}/${s}`),
      fc.string({ maxLength: 30 }).filter((s) => !s.startsWith('/')),
    );
    await fc.assert(
      fc.asyncProperty(pathArb, async (p) => {
        // As a token, as the old `path` field, and as a recent project: the project folder itself is on A's recent
        // list (so reopening it is fine); nothing else is.
        const asToken = await call('projects:open', { token: p });
        expect(asToken.ok).toBe(false);
        if (!asToken.ok) expect(['forbidden', 'invalid-input']).toContain(asToken.error.code);
        expect((await call('projects:open', { path: p })).ok).toBe(false);
        const recent = await call('projects:reopen', { source: p });
        expect(recent.ok).toBe(p === projectPath);
      }),
      { numRuns: 60 },
    );
  });

  it('every channel that changes state answers anything with a Result, and the app keeps serving', async () => {
    const { settings } = await app.call('settings:get', {}, A);
    const changers: ChannelName[] = ['jobs:submit', 'jobs:cancel', 'jobs:rerun', 'jobs:delete', 'queue:pause', 'queue:resume', 'settings:set', 'settings:reset', 'projects:cancelScan', 'tools:rescan'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...changers).chain((c) => fc.tuple(fc.constant(c), payloadFor(c))), async ([channel, payload]) => {
        const res = await call(channel, payload);
        // Put back what a successful call changed, so the next run starts from the same app.
        if (res.ok && (channel === 'settings:set' || channel === 'settings:reset')) await app.call('settings:set', { settings }, A);
        if (res.ok && channel === 'queue:pause') await app.call('queue:resume', {}, A);
      }),
      { numRuns: 150 },
    );
    expect(await call('jobs:get', { jobId: ids.jobB }, B)).toMatchObject({ ok: true, value: { record: { status: 'running' } } });
    expect(await call('queue:status', {})).toMatchObject({ ok: true });
    expect(await call('settings:get', {})).toMatchObject({ ok: true, value: { settings } });
  });
});
