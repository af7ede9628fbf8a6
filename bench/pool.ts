/**
 * Shared pool vs the embedded queue on this machine: submit-to-start latency and throughput for the same ShellCheck
 * jobs (the bundled bash-clean-script example), two slots each way — embedded concurrency 2, and two pool workers
 * (in this process) with concurrency 1 each on a private redis-server started on a free port and stopped after.
 * Skipped, with a line saying so, when redis-server is not installed. `npm run bench -- pool`.
 *
 * Start, as the app sees it: for the embedded queue `job:started`; for the pool, the moment the job's record says a
 * worker runs it (the app reads the worker's first stream entry), so Redis, BullMQ and the stream are all counted.
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { Jobs } from '../main/jobs';
import { PoolWorker } from '../main/pool/worker';
import { devLayout } from '../main/resources';
import { createEngine, type Engine } from '../main/services/engine';
import { redisServerAvailable, REDIS_SERVER, startRedis } from '../tests/support/redis';
import { median, percentile } from './lib/stats';
import { ratio, type Summary } from './lib/summary';
import type { Benchmark, BenchContext } from './lib/suite';
import { withTempDir } from './lib/temp';

const ROOT = resolve(import.meta.dirname, '..');
const TOOL = 'bash-verification';
const settings: Settings = { ...DEFAULT_SETTINGS, queue: { ...DEFAULT_SETTINGS.queue, concurrency: 2, perClientActive: 0, perClientHourly: 0 } };
const client = { clientId: 'bench', canSee: () => true };
/** Jobs submitted one at a time on an idle queue (latency), and at once (throughput); --full: the 20. */
const LATENCY_JOBS = 10;
const BURST = { quick: 10, full: 20 };

interface Figures {
  latencyMs: number[];
  wallMs: number;
}

/** When each job started, as the app sees it (filled by the backend's own signal). */
type Starts = Map<string, number>;

async function batch(engine: Engine, starts: Starts, count: number, oneByOne: boolean): Promise<Figures> {
  const jobs = new Jobs(engine);
  const project = await engine.projects.openExample('bash-clean-script');
  const submitted = new Map<string, number>();
  const done = new Map<string, string>();
  const waiters: { n: number; resolve: () => void }[] = [];
  const off = engine.queue.on('job:finished', (r) => {
    done.set(r.jobId, r.status);
    for (const w of waiters) if (done.size >= w.n) w.resolve();
  });
  const finishedCount = (n: number) => (done.size >= n ? Promise.resolve() : new Promise<void>((res) => waiters.push({ n, resolve: res })));
  const t0 = Date.now();
  for (let i = 0; i < count; i += 1) {
    const at = Date.now();
    const view = await jobs.submit(client, { projectId: project.projectId, toolId: TOOL });
    submitted.set(view.record.jobId, at);
    // Latency on an idle queue: the next job is submitted when this one has finished.
    if (oneByOne) await finishedCount(i + 1);
  }
  await finishedCount(count);
  const wallMs = Date.now() - t0;
  off();
  // Figures from runs that did not complete would flatter a backend.
  const bad = [...done.values()].filter((s) => s !== 'completed');
  if (bad.length > 0) throw new Error(`pool bench: ${bad.length} of ${count} runs did not complete (${bad.join(', ')})`);
  const latencyMs = [...submitted].map(([jobId, at]) => {
    const started = starts.get(jobId);
    if (started === undefined) throw new Error(`pool bench: no start seen for ${jobId}`);
    return started - at;
  });
  return { latencyMs, wallMs };
}

async function measure(engine: Engine, starts: Starts, burst: number): Promise<{ idle: Figures; burst: Figures }> {
  // One run first: engine detection and the first spawn are not what is measured.
  await batch(engine, starts, 1, true);
  return { idle: await batch(engine, starts, LATENCY_JOBS, true), burst: await batch(engine, starts, burst, false) };
}

export const pool: Benchmark = {
  name: 'pool',
  title: 'Shared pool (BullMQ on a local Redis, 2 workers × 1) vs the embedded queue (2 slots): submit→start, throughput',
  async run(ctx: BenchContext): Promise<Summary[]> {
    if (!(await redisServerAvailable())) {
      ctx.log(`SKIPPED: ${REDIS_SERVER} is not installed (apt-get install -y redis-server); no pool figures this run.`);
      return [];
    }
    const burst = ctx.full ? BURST.full : BURST.quick;
    return withTempDir('pool', async (dir) => {
      const loadBefore = loadavg()[0] ?? 0;
      const embedded = await createEngine({ dataDir: join(dir, 'embedded'), runtime: devLayout(ROOT), settings, poolUrl: null });
      const embeddedStarts: Starts = new Map();
      embedded.queue.on('job:started', (v) => embeddedStarts.set(v.record.jobId, Date.now()));
      let local: { idle: Figures; burst: Figures };
      try {
        await embedded.registry.ready();
        local = await measure(embedded, embeddedStarts, burst);
      } finally {
        await embedded.shutdown();
      }
      ctx.log(`embedded: submit→start median ${median(local.idle.latencyMs).toFixed(1)} ms; ${burst} jobs in ${(local.burst.wallMs / 1000).toFixed(2)} s`);

      const redis = await startRedis();
      const workers = [0, 1].map((i) => new PoolWorker({ url: redis.url, runtime: devLayout(ROOT), settings, concurrency: 1, tools: [TOOL], workerId: `bench-${i}` }));
      let remote: { idle: Figures; burst: Figures };
      try {
        for (const w of workers) await w.start();
        const app = await createEngine({ dataDir: join(dir, 'app'), runtime: devLayout(ROOT), settings, poolUrl: redis.url });
        const poolStarts: Starts = new Map();
        app.queue.on('queue:status', (s) => {
          for (const v of s.jobs) if (!poolStarts.has(v.record.jobId) && v.record.message.startsWith('Running on worker')) poolStarts.set(v.record.jobId, Date.now());
        });
        try {
          remote = await measure(app, poolStarts, burst);
        } finally {
          await app.shutdown();
        }
      } finally {
        for (const w of workers) await w.stop().catch(() => undefined);
        await redis.stop();
      }
      const loadAfter = loadavg()[0] ?? 0;
      ctx.log(`pool: submit→start median ${median(remote.idle.latencyMs).toFixed(1)} ms; ${burst} jobs in ${(remote.burst.wallMs / 1000).toFixed(2)} s`);

      const load = `load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`;
      const latencyNote = (f: Figures) => `${LATENCY_JOBS} jobs one at a time on an idle queue; p90 ${percentile(f.latencyMs, 0.9).toFixed(1)} ms; ${load}`;
      const jobsPerSec = (f: Figures) => (burst / f.wallMs) * 1000;
      const throughputNote = (f: Figures) => `${burst} bash-clean-script ShellCheck jobs submitted at once, done in ${(f.wallMs / 1000).toFixed(2)} s; ${load}`;
      return [
        { name: 'pool.embedded.submit-to-start', value: median(local.idle.latencyMs), unit: 'ms', vs: null, note: latencyNote(local.idle) },
        {
          name: 'pool.pool.submit-to-start',
          value: median(remote.idle.latencyMs),
          unit: 'ms',
          vs: ratio(median(remote.idle.latencyMs), median(local.idle.latencyMs), 'embedded'),
          note: latencyNote(remote.idle),
        },
        { name: 'pool.embedded.throughput', value: jobsPerSec(local.burst), unit: 'jobs/s', vs: null, note: throughputNote(local.burst) },
        {
          name: 'pool.pool.throughput',
          value: jobsPerSec(remote.burst),
          unit: 'jobs/s',
          vs: ratio(jobsPerSec(remote.burst), jobsPerSec(local.burst), 'embedded'),
          note: throughputNote(remote.burst),
        },
      ];
    });
  },
};
