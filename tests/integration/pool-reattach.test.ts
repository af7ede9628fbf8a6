import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord, OutputLine } from '../../shared/jobs';
import { SettingsSchema, type Settings } from '../../shared/settings';
import { Jobs, type Client } from '../../main/jobs';
import { POOL_PREFIX, poolKeys } from '../../main/queue/pool/keys';
import { readDiagnostics } from '../../main/registry';
import { devLayout } from '../../main/resources';
import { createEngine, type Engine } from '../../main/services/engine';
import { appOriginPolicy, APP_ORIGIN } from '../../main/ipc/router';
import { createServices, type Services } from '../../main/ipc/services';
import { BUGGY, killMarked, markedProcesses, spawnCli, until, useTempDirs } from './cli/helpers';
import { startRedis, type TestRedis } from '../support/redis';

/**
 * An app restart with jobs on the shared pool, with a real Redis and a real `hapyy worker` process: the engine is
 * shut down (the window closing) while its job waits or runs on the pool, a new engine starts on the same data
 * folder, and the job ends there with the output and findings a local run gives.
 *
 * The `gated` tool says `ready`, then waits for a gate file the test creates (so "mid-run" is a fact, not a race),
 * then runs ShellCheck with clang-style output. The worker runs without the sandbox so the tool can see the gate.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const tempDir = useTempDirs();
const unique = `hapyy-reattach-${randomUUID()}`;
const client: Client = { clientId: 'test', canSee: () => true };
const base = tempDir();
const gate = join(base, `gate-${unique}`);
const cliGate = join(base, `cli-gate-${unique}`);
const laterGate = join(base, `later-gate-${unique}`);
const windowGate = join(base, `window-gate-${unique}`);
const check = 'shellcheck -f gcc *.sh';
const waitFor = (file: string) => `while [ ! -e '${file}' ]; do sleep 0.05; done`;
const customTools = [
  { id: 'gated', args: ['-c', `echo ready; ${waitFor(gate)}; ${check}`, 'sh', '{input}'] },
  { id: 'gated-later', args: ['-c', `echo ready; ${waitFor(laterGate)}; ${check}`, 'sh', '{input}'] },
  { id: 'gated-window', args: ['-c', `echo ready; ${waitFor(windowGate)}; ${check}`, 'sh', '{input}'] },
  { id: 'gated-cli', args: ['-c', `echo ready; ${waitFor(cliGate)}; ${check}`, 'sh', '{input}'] },
  { id: 'late', args: ['-c', `echo start; ${check}`, 'sh', '{input}'] },
  { id: 'nobody', args: ['-c', 'echo never', 'sh', '{input}'] },
].map((t) => ({ ...t, command: '/bin/sh', name: `Test ${t.id}`, category: 'linter', sourceLanguage: 'bash', timeoutSec: 120, diagnostics: 'clang' }));
const settings: Settings = SettingsSchema.parse({ customTools, sandbox: false });

let redis: TestRedis;
let config: string;
const children: ReturnType<typeof spawnCli>[] = [];
const engines: Engine[] = [];

async function engine(dataDir: string, poolUrl: string | null): Promise<Engine> {
  const e = await createEngine({ dataDir, runtime: devLayout(ROOT), settings, poolUrl });
  engines.push(e);
  return e;
}

async function stop(e: Engine): Promise<void> {
  await e.shutdown();
  engines.splice(engines.indexOf(e), 1);
}

/** The one worker process, started by the first test that needs it. */
let worker: Promise<void> | null = null;
const workerReady = () => (worker ??= startWorker(['late', 'gated', 'gated-later', 'gated-window', 'gated-cli']));

async function startWorker(tools: string[]): Promise<void> {
  const child = spawnCli(['worker', '--pool', redis.url, '--tools', tools.join(','), '--config', config], { timeoutMs: 300_000 });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  await until(() => /worker \S+ on redis/.test(err) || child.exitCode !== null, 'the worker to join the pool', 60_000);
  const said = /worker \S+ on redis\S+: (.*)/.exec(err)?.[1] ?? err;
  expect(said.split(', ').sort()).toEqual([...tools].sort());
}

async function submit(e: Engine, toolId: string): Promise<string> {
  const project = await e.projects.openPath(BUGGY);
  return (await new Jobs(e).submit(client, { projectId: project.projectId, toolId })).record.jobId;
}

/**
 * Follows a job as a window opened late does: live events first, then the snapshot; lines after the snapshot's
 * lastSeq come from the events. `lines()` is everything this engine has shown of the job, in order.
 */
async function watch(e: Engine, jobId: string): Promise<{ lines: () => OutputLine[]; messages: string[]; finished: Promise<JobRecord> }> {
  const live: OutputLine[] = [];
  const messages: string[] = [];
  let resolveEnd: (r: JobRecord) => void = () => undefined;
  const finished = new Promise<JobRecord>((r) => (resolveEnd = r));
  e.queue.on('job:output', (p) => p.jobId === jobId && live.push(...p.lines));
  e.queue.on('job:finished', (r) => r.jobId === jobId && resolveEnd(r));
  e.queue.on('queue:status', (s) => {
    const m = s.jobs.find((v) => v.record.jobId === jobId)?.record.message;
    if (m !== undefined && messages.at(-1) !== m) messages.push(m);
  });
  const detail = await e.queue.get(jobId);
  if (detail.record.status !== 'running' && detail.record.status !== 'queued') resolveEnd(detail.record);
  messages.push(detail.record.message);
  return { lines: () => [...detail.output, ...live.filter((l) => l.seq > detail.lastSeq)], messages, finished };
}

const toolText = (lines: OutputLine[]) => lines.filter((l) => l.stream !== 'system').map((l) => `${l.stream}:${l.text}`);

/** A local run of the same tool on the same project: the reference for output and findings. */
async function localRun(toolId: string): Promise<{ record: JobRecord; output: OutputLine[]; diagnostics: unknown }> {
  const e = await engine(join(tempDir(), 'local'), null);
  const jobId = await submit(e, toolId);
  const w = await watch(e, jobId);
  const record = await w.finished;
  const output = (await e.queue.get(jobId)).output;
  const diagnostics = await readDiagnostics(e.runs.runDir(jobId));
  // A reference worth comparing with: the tool's own lines and findings are there.
  expect(record.status).toBe('problems');
  expect(toolText(output).some((t) => /\[SC\d+\]/.test(t))).toBe(true);
  await stop(e);
  return { record, output, diagnostics };
}

async function poolJobState(toolId: string, jobId: string): Promise<string> {
  const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(poolKeys.queueName(toolId), { connection: conn, prefix: POOL_PREFIX });
  try {
    return await queue.getJobState(jobId);
  } finally {
    await queue.close();
    conn.disconnect();
  }
}

const messageOf = (e: Engine, jobId: string) => e.queue.find(jobId)?.message ?? '';

beforeAll(async () => {
  redis = await startRedis();
  config = join(base, 'config.json');
  await writeFile(config, JSON.stringify({ customTools, sandbox: false }));
});

afterAll(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => c.catch(() => undefined)));
  killMarked(unique);
  await redis?.stop();
});

describe('reattaching to pool jobs after a restart (real Redis, real worker process)', { timeout: 180_000 }, () => {
  it('a job for a tool no worker runs waits with that reason in its record; it keeps its place across a restart and runs when a worker that has the tool joins', async () => {
    const dataDir = join(tempDir(), 'app');
    const a = await engine(dataDir, redis.url);
    const jobId = await submit(a, 'late');
    const second = await submit(a, 'late');
    // Both handed to the pool (a job closing finds not yet handed over is cancelled like a local one).
    await until(() => [jobId, second].every((id) => /no worker in the shared pool can run Test late/.test(messageOf(a, id))), 'the waiting reason in the records');
    expect(a.queue.status().jobs.find((v) => v.record.jobId === jobId)?.record.message).toMatch(/no worker .* can run Test late/);

    // The window closes: the job is left on the pool, its record saved still active, saying so.
    await stop(a);
    const saved = JSON.parse(await readFile(join(dataDir, 'runs', jobId, 'run.json'), 'utf8')) as JobRecord;
    expect(saved.status).toBe('running');
    expect(saved.message).toMatch(/goes on there.*takes it up again/);
    expect(await poolJobState('late', jobId)).toBe('waiting');
    expect(await poolJobState('late', second)).toBe('waiting');

    const b = await engine(dataDir, redis.url);
    expect(b.notices.map((n) => n.message).join('\n')).toMatch(/2 jobs on the shared pool were taken up again/);
    expect(b.queue.find(jobId)?.status).toBe('running');
    const order: string[] = [];
    b.queue.on('job:finished', (r) => order.push(r.jobId));
    const seen = await watch(b, jobId);
    const seenSecond = await watch(b, second);
    await until(() => /no worker .* can run Test late/.test(messageOf(b, jobId)), 'the waiting reason after the restart');

    await workerReady();
    const record = await seen.finished;
    expect(record.status, JSON.stringify(record)).toBe('problems');
    // The reason cleared when a worker took the job.
    const reasonAt = seen.messages.findIndex((m) => /no worker .* can run/.test(m));
    const runningAt = seen.messages.findIndex((m) => /^Running on worker \S+ of the shared pool\.$/.test(m));
    expect(reasonAt, seen.messages.join(' | ')).toBeGreaterThanOrEqual(0);
    expect(runningAt, seen.messages.join(' | ')).toBeGreaterThan(reasonAt);
    expect(record.message).not.toMatch(/no worker/);
    // Both kept their place in the pool's line: one worker taking one job at a time ran them in submit order.
    expect((await seenSecond.finished).status).toBe('problems');
    expect(order).toEqual([jobId, second]);

    const local = await localRun('late');
    expect(record.diagnostics).toEqual(local.record.diagnostics);
    expect(await readDiagnostics(b.runs.runDir(jobId))).toEqual(local.diagnostics);
    expect(toolText((await b.queue.get(jobId)).output)).toEqual(toolText(local.output));
    // Collected: nothing of the job is left in Redis.
    expect(await poolJobState('late', jobId)).toBe('unknown');
  });

  it('a job running on the pool when the app closes goes on; the next start replays its output (no gap, no repeat) and collects its results', async () => {
    await workerReady();
    const dataDir = join(tempDir(), 'app');
    const a = await engine(dataDir, redis.url);
    const jobId = await submit(a, 'gated');
    const first = await watch(a, jobId);
    await until(() => first.lines().some((l) => l.text === 'ready'), 'the tool to start on the worker', 60_000);
    const tool = () => markedProcesses(unique).filter((p) => p.argv.some((arg) => arg.includes(`/gate-${unique}`)));
    expect(tool().length).toBeGreaterThan(0);
    const startedAt = a.queue.find(jobId)?.startedAt;

    await stop(a);
    // Closing the window did not stop the work the pool does for it.
    expect(tool().length).toBeGreaterThan(0);
    expect(await poolJobState('gated', jobId)).toBe('active');

    const b = await engine(dataDir, redis.url);
    const seen = await watch(b, jobId);
    await until(() => seen.lines().some((l) => l.text === 'ready'), 'the replayed output');
    expect(b.queue.find(jobId)?.status).toBe('running');
    expect(messageOf(b, jobId)).toMatch(/^Running on worker \S+ of the shared pool\.$/);

    await writeFile(gate, '');
    const record = await seen.finished;
    expect(record.status, JSON.stringify(record)).toBe('problems');
    const shown = seen.lines();
    // One numbering from 1, every line once: what was replayed and what came live after.
    expect(shown.map((l) => l.seq)).toEqual(shown.map((_, i) => i + 1));
    expect(shown.filter((l) => l.text === 'ready')).toHaveLength(1);

    const local = await localRun('gated');
    const kept = (await b.queue.get(jobId)).output;
    expect(toolText(kept)).toEqual(toolText(local.output));
    expect(toolText(shown)).toEqual(toolText(local.output));
    expect(record.diagnostics).toEqual(local.record.diagnostics);
    expect(await readDiagnostics(b.runs.runDir(jobId))).toEqual(local.diagnostics);
    // Its start is the first session's.
    expect(record.startedAt).toBe(startedAt);
  });

  it('a job that finished on the pool while the app was closed: the next start brings its results into the history like a local run', async () => {
    await workerReady();
    const dataDir = join(tempDir(), 'app');
    const a = await engine(dataDir, redis.url);
    const jobId = await submit(a, 'gated-later');
    const first = await watch(a, jobId);
    await until(() => first.lines().some((l) => l.text === 'ready'), 'the tool to start on the worker', 60_000);
    await stop(a);

    await writeFile(laterGate, '');
    const deadline = Date.now() + 60_000;
    while ((await poolJobState('gated-later', jobId)) !== 'completed') {
      if (Date.now() > deadline) throw new Error('timed out waiting for the pool job to complete');
      await new Promise((r) => setTimeout(r, 100));
    }

    const b = await engine(dataDir, redis.url);
    const seen = await watch(b, jobId);
    const record = await seen.finished;
    expect(record.status, JSON.stringify(record)).toBe('problems');
    expect(record.notes.some((n) => /^Ran on worker \S+ of the shared pool\.$/.test(n))).toBe(true);
    const local = await localRun('gated-later');
    expect(toolText((await b.queue.get(jobId)).output)).toEqual(toolText(local.output));
    expect(toolText(seen.lines())).toEqual(toolText(local.output));
    expect(record.diagnostics).toEqual(local.record.diagnostics);
    expect(await readDiagnostics(b.runs.runDir(jobId))).toEqual(local.diagnostics);
    // In the history like any run: listed, and its saved record is the finished one.
    expect(b.queue.list().find((r) => r.jobId === jobId)?.status).toBe('problems');
    expect((JSON.parse(await readFile(join(dataDir, 'runs', jobId, 'run.json'), 'utf8')) as JobRecord).status).toBe('problems');
    expect(await poolJobState('gated-later', jobId)).toBe('unknown');
  });

  it('a window of the next session (another client id) gets the taken-up job\'s live output and its end', async () => {
    await workerReady();
    const dataDir = join(tempDir(), 'app');
    const open = (): Promise<Services> =>
      createServices({
        dataDir,
        runtime: devLayout(ROOT),
        desktop: { pickProject: async () => null, pickSavePath: async () => null, reveal: () => undefined, confirmChanges: async () => false },
        trustSender: appOriginPolicy([APP_ORIGIN]),
        settings: { ...settings, pool: { url: redis.url } },
      });
    const a = await open();
    const project = await a.engine.projects.openPath(BUGGY);
    const { record } = await new Jobs(a.engine).submit({ clientId: 'window:1', canSee: () => true }, { projectId: project.projectId, toolId: 'gated-window' });
    const first = await watch(a.engine, record.jobId);
    await until(() => first.lines().some((l) => l.text === 'ready'), 'the tool to start on the worker', 60_000);
    await a.shutdown();

    const b = await open();
    try {
      const got: { event: string; payload: unknown }[] = [];
      b.events.attach('window:7', (event, payload) => got.push({ event, payload }));
      await writeFile(windowGate, '');
      const finished = () => got.find((e) => e.event === 'job:finished' && (e.payload as JobRecord).jobId === record.jobId);
      await until(() => finished() !== undefined, 'the new window to hear the job end', 60_000);
      expect((finished()?.payload as JobRecord).status).toBe('problems');
      const lines = got.filter((e) => e.event === 'job:output').flatMap((e) => (e.payload as { jobId: string; lines: OutputLine[] }).lines);
      expect(lines.some((l) => /\[SC\d+\]/.test(l.text))).toBe(true);
    } finally {
      await b.shutdown();
    }
  });

  it('a job gone from the pool while the app was closed ends with a message saying so', async () => {
    const dataDir = join(tempDir(), 'app');
    const a = await engine(dataDir, redis.url);
    const jobId = await submit(a, 'nobody');
    await until(() => /no worker .* can run Test nobody/.test(messageOf(a, jobId)), 'the waiting reason');
    await stop(a);
    // As when the pool's Redis is emptied: the job and its keys are gone.
    const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(poolKeys.queueName('nobody'), { connection: conn, prefix: POOL_PREFIX });
    await queue.remove(jobId);
    await conn.del(poolKeys.input(jobId));
    await queue.close();
    conn.disconnect();

    const b = await engine(dataDir, redis.url);
    const seen = await watch(b, jobId);
    const record = await seen.finished;
    expect(record.status).toBe('error');
    expect(record.message).toMatch(/The shared pool no longer has this job.*Run it again/);
  });

  it('the CLI\'s Ctrl-C still cancels its pool run: the tree on the worker ends and the record says cancelled', async () => {
    await workerReady();
    const dataDir = join(tempDir(), 'cli');
    const run = spawnCli(['run', 'gated-cli', BUGGY, '--json', '--pool', redis.url, '--config', config, '--data-dir', dataDir], { timeoutMs: 60_000 });
    children.push(run);
    const tool = () => markedProcesses(unique).filter((p) => p.argv.some((arg) => arg.includes(`cli-gate-${unique}`)));
    await until(() => tool().length > 0, 'the tool to start on the worker', 60_000);
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    await until(() => tool().length === 0, 'the cancelled tree on the worker to be gone');
    const runs = await readdir(join(dataDir, 'runs'));
    expect(runs).toHaveLength(1);
    const record = JSON.parse(await readFile(join(dataDir, 'runs', runs[0] as string, 'run.json'), 'utf8')) as JobRecord;
    expect(record.status).toBe('cancelled');
  });
});
