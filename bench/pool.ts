/**
 * Shared pool vs the embedded queue on this machine: submit-to-start latency and throughput for the same 20
 * ShellCheck jobs (the bundled bash-clean-script example), two slots each way — embedded concurrency 2, and two pool
 * workers with concurrency 1 each on a private Redis. Run: `node --import tsx bench/pool.ts [jobs]`.
 *
 * Start, for the embedded queue: `job:started`. For the pool: when the worker took the job — the timestamp of the
 * first entry of the job's output stream (Redis stream ids are milliseconds), written as the worker begins.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { Jobs } from '../main/jobs';
import { PoolWorker } from '../main/pool/worker';
import { poolKeys } from '../main/queue/pool/keys';
import { devLayout } from '../main/resources';
import { createEngine, type Engine } from '../main/services/engine';
import { startRedis } from '../tests/support/redis';
import { describeMachine, machineInfo } from './lib/machine';
import { median, percentile } from './lib/stats';

const ROOT = resolve(import.meta.dirname, '..');
const JOBS = Number(process.argv[2] ?? 20);
const settings: Settings = { ...DEFAULT_SETTINGS, queue: { ...DEFAULT_SETTINGS.queue, concurrency: 2, perClientActive: 0, perClientHourly: 0 } };
const client = { clientId: 'bench', canSee: () => true };

interface Figures {
  latencyMs: number[];
  wallMs: number;
}

async function batch(engine: Engine, count: number, oneByOne: boolean, startedAt: (jobId: string) => Promise<number>): Promise<Figures> {
  const jobs = new Jobs(engine);
  const project = await engine.projects.openExample('bash-clean-script');
  const submitted = new Map<string, number>();
  const done = new Set<string>();
  const waiters: { n: number; resolve: () => void }[] = [];
  const off = engine.queue.on('job:finished', (r) => {
    done.add(r.jobId);
    for (const w of waiters) if (done.size >= w.n) w.resolve();
  });
  const finishedCount = (n: number) => (done.size >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })));
  const t0 = Date.now();
  for (let i = 0; i < count; i += 1) {
    const at = Date.now();
    const view = await jobs.submit(client, { projectId: project.projectId, toolId: 'bash-verification' });
    submitted.set(view.record.jobId, at);
    // Latency on an idle queue: the next job is submitted when this one has finished.
    if (oneByOne) await finishedCount(i + 1);
  }
  await finishedCount(count);
  const wallMs = Date.now() - t0;
  off();
  const latencyMs: number[] = [];
  for (const [jobId, at] of submitted) latencyMs.push((await startedAt(jobId)) - at);
  return { latencyMs, wallMs };
}

const LATENCY_JOBS = 10;

async function measure(name: string, engine: Engine, startedAt: (jobId: string) => Promise<number>): Promise<void> {
  const idle = await batch(engine, LATENCY_JOBS, true, startedAt);
  console.log(`${name}: submit→start on an idle queue, median ${median(idle.latencyMs).toFixed(1)} ms, p90 ${percentile(idle.latencyMs, 0.9).toFixed(1)} ms (${LATENCY_JOBS} jobs one at a time)`);
  const burst = await batch(engine, JOBS, false, startedAt);
  console.log(`${name}: throughput ${JOBS} jobs submitted at once, done in ${(burst.wallMs / 1000).toFixed(2)} s (${((JOBS / burst.wallMs) * 1000).toFixed(1)} jobs/s)`);
}

const dirs: string[] = [];
const temp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'hapyy-bench-pool-'));
  dirs.push(d);
  return d;
};

console.log(describeMachine(await machineInfo()));
const embedded = await createEngine({ dataDir: await temp(), runtime: devLayout(ROOT), settings, poolUrl: null });
const starts = new Map<string, number>();
embedded.queue.on('job:started', (v) => starts.set(v.record.jobId, Date.now()));
await embedded.registry.ready();
await measure('embedded queue (2 slots)', embedded, async (id) => starts.get(id) ?? Number.NaN);
await embedded.shutdown();

const redis = await startRedis();
const workers = [0, 1].map((i) => new PoolWorker({ url: redis.url, runtime: devLayout(ROOT), settings, concurrency: 1, tools: ['bash-verification'], workerId: `bench-${i}` }));
for (const w of workers) await w.start();
const app = await createEngine({ dataDir: await temp(), runtime: devLayout(ROOT), settings, poolUrl: redis.url });
const conn = new Redis(redis.url);
await measure('shared pool (2 workers × 1)', app, async (id) => {
  const [first] = await conn.xrange(poolKeys.output(id), '-', '+', 'COUNT', 1);
  return first ? Number(first[0].split('-')[0]) : Number.NaN;
});
conn.disconnect();
await app.shutdown();
for (const w of workers) await w.stop();
await redis.stop();
for (const d of dirs) await rm(d, { recursive: true, force: true });
