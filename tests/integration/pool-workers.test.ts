import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord, OutputLine } from '../../shared/jobs';
import { SettingsSchema, type Settings } from '../../shared/settings';
import { Jobs, type Client } from '../../main/jobs';
import { poolKeys } from '../../main/queue/pool/keys';
import { devLayout } from '../../main/resources';
import { createEngine, type Engine } from '../../main/services/engine';
import { CLEAN, killMarked, markedProcesses, spawnCli, until, useTempDirs } from './cli/helpers';
import { startRedis, type TestRedis } from '../support/redis';

/**
 * Workers as real child processes (`hapyy worker`), so one can be SIGKILLed. Stall detection is made quick with the
 * worker's lock setting (HAPYY_POOL_LOCK_MS), never with sleeps in the test.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const tempDir = useTempDirs();
const unique = `hapyy-pool-${randomUUID()}`;
const client: Client = { clientId: 'test', canSee: () => true };

// `slow`: says ready, idles a while, says done. `stubborn`: a child and a detached grandchild idling for a minute.
const idle = (sec: number, tag: string) => `${process.execPath} -e "setTimeout(() => {}, ${sec * 1000})" ${unique}-${tag}`;
const customTools = [
  { id: 'slow', command: '/bin/sh', args: ['-c', `echo ready; ${idle(8, 'slow')}; echo done`, 'sh', '{input}'] },
  { id: 'stubborn', command: '/bin/sh', args: ['-c', `${idle(60, 'child')} & setsid ${idle(60, 'detached')} & echo ready; wait`, 'sh', '{input}'] },
].map((t) => ({ ...t, name: `Test ${t.id}`, category: 'linter', sourceLanguage: 'bash', timeoutSec: 120 }));
const settings: Settings = SettingsSchema.parse({ customTools });

let redis: TestRedis;
let app: Engine;
let config: string;
const children: WorkerProcess[] = [];

/** A worker process; resolves once it says it has joined the pool. */
type WorkerProcess = ReturnType<typeof spawnCli>;
/** Wrapped: the process handle is also a promise of its end, which an async function would wait for. */
async function startWorker(tools: string): Promise<{ proc: WorkerProcess }> {
  const child = spawnCli(['worker', '--pool', redis.url, '--tools', tools, '--config', config], { env: { HAPYY_POOL_LOCK_MS: '1000' }, timeoutMs: 120_000 });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  await until(() => /worker \S+ on redis/.test(err) || child.exitCode !== null, 'the worker to join the pool', 30_000);
  expect(err).toMatch(new RegExp(`worker \\S+ on redis.*${tools}`));
  return { proc: child };
}

/** Submits and returns the job id, the output as it arrives, and the finished record when it comes. */
async function submit(toolId: string): Promise<{ jobId: string; lines: OutputLine[]; finished: Promise<JobRecord> }> {
  const project = await app.projects.openPath(CLEAN);
  const lines: OutputLine[] = [];
  let jobId: string | null = null;
  let resolveEnd: (r: JobRecord) => void = () => undefined;
  const finished = new Promise<JobRecord>((r) => (resolveEnd = r));
  app.queue.on('job:output', (p) => {
    if (p.jobId === jobId) lines.push(...p.lines);
  });
  app.queue.on('job:finished', (r) => {
    if (r.jobId === jobId) resolveEnd(r);
  });
  const view = await new Jobs(app).submit(client, { projectId: project.projectId, toolId });
  jobId = view.record.jobId;
  return { jobId, lines, finished };
}

/** The pid's ancestors, from /proc (the kernel's view, no help from the code under test). */
function ancestors(pid: number): number[] {
  const out: number[] = [];
  let current = pid;
  while (current > 1) {
    try {
      const stat = readFileSync(`/proc/${current}/stat`, 'utf8');
      current = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push(current);
    } catch {
      break;
    }
  }
  return out;
}

beforeAll(async () => {
  redis = await startRedis();
  const dir = tempDir();
  config = join(dir, 'config.json');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(config, JSON.stringify({ customTools }));
  app = await createEngine({ dataDir: join(dir, 'app'), runtime: devLayout(ROOT), settings, poolUrl: redis.url });
});

afterAll(async () => {
  await app?.shutdown();
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => c.catch(() => undefined)));
  killMarked(unique);
  await redis?.stop();
});

describe('shared pool with worker processes', { timeout: 90_000 }, () => {
  it('a worker SIGKILLed mid-run: the job finishes on the other worker, nothing is left running', async () => {
    const a = await startWorker('slow');
    const b = await startWorker('slow');
    const job = await submit('slow');
    const running = () => markedProcesses(unique).filter((p) => p.argv.at(-1) === `${unique}-slow`);
    await until(() => running().length === 1, 'the tool to start on a worker', 30_000);
    const [tool] = running();
    const chain = ancestors(tool!.pid);
    const victim = [a.proc, b.proc].find((w) => w.pid !== undefined && chain.includes(w.pid));
    expect(victim, 'the tool runs under one of the two workers').toBeDefined();
    const survivor = victim === a.proc ? b.proc : a.proc;
    victim!.kill('SIGKILL');

    const record = await job.finished;
    expect(record.status, JSON.stringify(record)).toBe('completed');
    expect(record.notes?.some((n) => n.startsWith('Ran on worker'))).toBe(true);
    expect(survivor.exitCode).toBeNull();
    const text = job.lines.map((l) => l.text);
    expect(text).toContain('done');
    expect(text.some((t) => /worker running this job was lost/.test(t))).toBe(true);
    // Numbered 1, 2, 3… across both attempts: no gap, no repeat.
    expect(job.lines.map((l) => l.seq)).toEqual(job.lines.map((_, i) => i + 1));
    // The killed worker's tool went with it (bwrap --die-with-parent), and the retry's ended normally.
    await until(() => running().length === 0, 'no tool process to be left');
  });

  it('cancel reaches the worker and ends the whole tree; a late reader replays the output without gaps', async () => {
    await startWorker('stubborn');
    const job = await submit('stubborn');
    const tree = () => markedProcesses(unique).filter((p) => /-(child|detached)$/.test(p.argv.at(-1) ?? ''));
    await until(() => tree().length === 2 && job.lines.some((l) => l.text === 'ready'), 'the tool tree to start', 30_000);

    // A window opened now gets every line so far (seq 1…n), then live lines after n.
    const detail = await app.queue.get(job.jobId);
    expect(detail.output.map((l) => l.seq)).toEqual(detail.output.map((_, i) => i + 1));
    expect(detail.output.map((l) => l.text)).toContain('ready');
    // And the pool's own stream still holds the run's output from its start (what a reattaching app reads).
    const conn = new Redis(redis.url);
    const entries = await conn.xrange(poolKeys.output(job.jobId), '-', '+');
    conn.disconnect();
    const streamed = entries.flatMap(([, f]) => (JSON.parse(f[1] ?? '{}') as { lines?: OutputLine[] }).lines ?? []);
    expect(streamed.map((l) => l.text)).toContain('ready');

    const cancelled = await app.queue.cancel(job.jobId);
    expect(cancelled.status).toBe('cancelled');
    await until(() => tree().length === 0, 'the cancelled tree to be gone');
  });

  it('an app killed while its job runs on the pool: the next start takes the job up again (still running on the worker), and a cancel from there ends its tree', async () => {
    const dataDir = join(tempDir(), 'app2');
    const cliRun = spawnCli(['run', 'stubborn', CLEAN, '--json', '--pool', redis.url, '--config', config, '--data-dir', dataDir], { timeoutMs: 60_000 });
    children.push(cliRun);
    const tree = () => markedProcesses(unique).filter((p) => /-(child|detached)$/.test(p.argv.at(-1) ?? ''));
    await until(() => tree().length === 2, 'the tool tree to start on the worker', 30_000);
    cliRun.kill('SIGKILL');
    await cliRun.catch(() => undefined);
    // The worker's tree outlives the app: the pool does not know the app is gone.
    expect(tree()).toHaveLength(2);

    const again = await createEngine({ dataDir, runtime: devLayout(ROOT), settings, poolUrl: redis.url });
    try {
      const [record] = again.queue.list();
      expect(record?.status).toBe('running');
      expect(again.notices.map((n) => n.message).join('\n')).toMatch(/1 job on the shared pool was taken up again/);
      const jobId = record?.jobId as string;
      // Taken over: the run folder now names this process as its owner (another engine starting here leaves it be).
      const owner = JSON.parse(readFileSync(join(dataDir, 'runs', jobId, 'owner.json'), 'utf8')) as { pid: number };
      expect(owner.pid).toBe(process.pid);
      await until(() => (again.queue.find(jobId)?.message ?? '').startsWith('Running on worker'), 'the replayed start on the worker');
      expect((await again.queue.get(jobId)).output.map((l) => l.text)).toContain('ready');
      expect(tree()).toHaveLength(2);
      const cancelled = await again.queue.cancel(jobId);
      expect(cancelled.status).toBe('cancelled');
      await until(() => tree().length === 0, 'the tree on the worker to be ended');
    } finally {
      await again.shutdown();
    }
  });
});
