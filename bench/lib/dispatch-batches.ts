import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import type { JobRecord } from '../../shared/jobs';
import { RunLimitsSchema } from '../../shared/settings';
import { QueueService, type JobQueue } from '../../main/queue';
import { createRunner, type RunnerDeps } from '../../main/runner';
import { buildPolicy, bwrapArgs } from '../../main/runner/sandbox';
import { TOOL_WRITABLE } from '../../main/store/layout';
import { RunStore } from '../../main/store';
import { NO_RETENTION, OPEN_QUEUE, startEngine } from './engine';
import { pool } from './pool';
import { withTempDir } from './temp';

/** One runner for the bench process, made here as the composition root would. */
const { runTool } = createRunner();
/** And one without cgroups, for the cost breakdown (each runner starts its own spawn helper once). */
let noCgroups: ReturnType<typeof createRunner> | null = null;

/* The ways to run a batch of `true`s that the dispatch benchmark compares: four baselines and six of ours. */

const TOOL_ID = 'bench-true';

/** Wall time of one batch of `jobs` runs, ms. */
export type Batch = (truePath: string, concurrency: number, jobs: number) => Promise<number>;

/** rawSpawn in this process: what a pool inside a process of this one's size pays (fork copies its page tables). */
export const rawSpawnHere: Batch = async (truePath, concurrency, jobs) => {
  const t0 = performance.now();
  await pool(jobs, concurrency, () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(truePath, [], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', () => resolve());
    }),
  );
  return performance.now() - t0;
};

/**
 * The raw spawn pool, the same loop as rawSpawnHere, in a fresh Node process of its own that loads nothing else (~50 MB).
 * In this process the figure moved with whatever the bench had loaded: 1.6-1.9 ms a run from a bare process, 2.3-3.1
 * from one holding 380 MB, 5.3 in one full run, and a slow baseline flattered every ratio to it.
 */
export const rawSpawn: Batch = async (truePath, concurrency, jobs) => {
  const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', RAW_POOL_SOURCE, truePath, String(concurrency), String(jobs)]);
  const ms = Number(stdout.trim());
  if (!Number.isFinite(ms)) throw new Error(`raw spawn pool: unexpected output ${stdout}`);
  return ms;
};

/** pool() and the loop above, as plain JavaScript for `node -e` (no tsx: it would add its own start and memory). */
const RAW_POOL_SOURCE = String.raw`
import { spawn } from 'node:child_process';
const [file, concurrency, jobs] = process.argv.slice(1).map((a, i) => (i === 0 ? a : Number(a)));
let next = 0;
const worker = async () => {
  while (next < jobs) {
    next += 1;
    await new Promise((resolve, reject) => {
      const child = spawn(file, [], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
  }
};
const t0 = performance.now();
await Promise.all(Array.from({ length: Math.min(concurrency, jobs) }, worker));
console.log(performance.now() - t0);
`;

export const xargs: Batch = async (truePath, concurrency, jobs) => {
  const input = Array.from({ length: jobs }, (_, i) => String(i)).join('\n');
  const t0 = performance.now();
  await execa('xargs', ['-P', String(concurrency), '-n', '1', truePath], { input });
  return performance.now() - t0;
};

export const gnuParallel = (parallelPath: string): Batch => async (truePath, concurrency, jobs) => {
  const input = Array.from({ length: jobs }, (_, i) => String(i)).join('\n');
  const t0 = performance.now();
  await execa(parallelPath, ['--will-cite', '-j', String(concurrency), truePath], { input });
  return performance.now() - t0;
};

/**
 * The fair baseline for protected runs: GNU parallel starting the same bubblewrap command line the runner builds
 * (the sandbox policy rendered by bwrapArgs: no network, own PID/IPC/UTS namespaces, only system folders read-only,
 * private /tmp of the default size, the run folder's writable parts bound) around `true`, one run folder for all. Without the runner's prlimit and cgroups:
 * those are what ours adds on top of the sandbox, and what the comparison shows.
 */
export const gnuParallelBwrap = (parallelPath: string, bwrapPath: string, tmpfsSize: boolean): Batch => async (truePath, concurrency, jobs) =>
  withTempDir('dispatch-bwrap', async (runDir) => {
    const writable = TOOL_WRITABLE.map((w) => join(runDir, w));
    for (const d of writable) await mkdir(d, { recursive: true });
    const limits = RunLimitsSchema.parse({});
    const policy = await buildPolicy({
      platform: 'linux',
      runDirs: [runDir],
      writable,
      cwd: join(runDir, 'input'),
      command: truePath,
      args: [],
      pathVar: process.env.PATH,
      tmpfsBytes: tmpfsSize ? Math.min(limits.fileWriteBytes, limits.memoryBytes) : null,
    });
    const args = bwrapArgs(policy);
    const input = Array.from({ length: jobs }, (_, i) => String(i)).join('\n');
    const t0 = performance.now();
    await execa(parallelPath, ['--will-cite', '-j', String(concurrency), bwrapPath, ...args, truePath], { input });
    return performance.now() - t0;
  });

/** The whole engine path a user gets: intake copy, queue, registry, runner, produced files, run records. */
export const enginePath = (sandbox: boolean): Batch => async (truePath, concurrency, jobs) =>
  withTempDir('dispatch-project', async (projectDir) => {
    await writeFile(join(projectDir, 'main.sh'), 'echo hi\n');
    const customTools = [{ id: TOOL_ID, name: 'true', category: 'linter', sourceLanguage: 'bash', command: truePath, args: [], timeoutSec: 60 }];
    const { engine, dispose } = await startEngine({ sandbox, customTools, queue: { concurrency, ...OPEN_QUEUE }, retention: NO_RETENTION });
    try {
      engine.registry.resolve(TOOL_ID); // throws if the custom tool is not usable
      const project = await engine.projects.openPath(projectDir);
      const ref = { name: project.name, source: project.source, kind: project.kind };
      const done = collectFinished(engine.queue);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: jobs }, () =>
          engine.queue.submit({ clientId: 'bench', toolId: TOOL_ID, toolName: 'true', project: ref, priority: 'batch', timeoutSec: 60 }),
        ),
      );
      await engine.queue.onIdle();
      const ms = performance.now() - t0;
      checkAllCompleted(done(), sandbox, jobs);
      return ms;
    } finally {
      await dispose();
    }
  });

/**
 * QueueService + runTool with no intake: an empty input/ folder is made instead of copying a project.
 * `withoutCgroups`: the runner never makes cgroups (memory and process limits by the tree watcher alone), to show
 * what they cost.
 */
export const queueAndRunner = (sandbox: boolean, withoutCgroups = false): Batch => async (truePath, concurrency, jobs) =>
  withTempDir('dispatch-queue', async (dataDir) => {
    const limits = RunLimitsSchema.parse({});
    const queue = new QueueService({
      store: new RunStore({ dataDir }),
      settings: () => ({ concurrency, ...OPEN_QUEUE }),
      execute: async (record, ctx) => {
        await mkdir(join(ctx.runDir, 'input'));
        const run = withoutCgroups ? (noCgroups ??= createRunner({ cgroupRoot: null } satisfies Partial<RunnerDeps>)).runTool : runTool;
        const o = await run({ jobId: record.jobId, runDir: ctx.runDir, command: truePath, args: [], timeoutMs: 60_000, limits, sandbox, signal: ctx.signal, onOutput: ctx.emit });
        return { status: o.status, exitCode: o.exitCode, durationMs: o.durationMs, protections: o.protections, message: o.message };
      },
    });
    await queue.start();
    const done = collectFinished(queue);
    try {
      const t0 = performance.now();
      const project = { name: 'none', source: dataDir, kind: 'folder' } as const;
      await Promise.all(
        Array.from({ length: jobs }, () => queue.submit({ clientId: 'bench', toolId: TOOL_ID, toolName: 'true', project, priority: 'batch', timeoutSec: 60 })),
      );
      await queue.onIdle();
      const ms = performance.now() - t0;
      checkAllCompleted(done(), sandbox, jobs);
      return ms;
    } finally {
      await queue.shutdown();
    }
  });

/** QueueService alone: an executor that returns at once, so no process, no run folder contents: its bookkeeping only. */
export const queueOnly: Batch = async (_truePath, concurrency, jobs) =>
  withTempDir('dispatch-queue-only', async (dataDir) => {
    const queue = new QueueService({
      store: new RunStore({ dataDir }),
      settings: () => ({ concurrency, ...OPEN_QUEUE }),
      execute: async () => ({ status: 'completed', message: 'Done.' }),
    });
    await queue.start();
    const done = collectFinished(queue);
    try {
      const t0 = performance.now();
      const project = { name: 'none', source: dataDir, kind: 'folder' } as const;
      await Promise.all(
        Array.from({ length: jobs }, () => queue.submit({ clientId: 'bench', toolId: TOOL_ID, toolName: 'true', project, priority: 'batch', timeoutSec: 60 })),
      );
      await queue.onIdle();
      const ms = performance.now() - t0;
      checkAllCompleted(done(), false, jobs);
      return ms;
    } finally {
      await queue.shutdown();
    }
  });

function collectFinished(queue: JobQueue): () => JobRecord[] {
  const records: JobRecord[] = [];
  const off = queue.on('job:finished', (r) => records.push(r));
  return () => {
    off();
    return records;
  };
}

/** A benchmark that measured failures would flatter the engine: every run must have completed, sandboxed as asked. */
function checkAllCompleted(records: JobRecord[], sandbox: boolean, jobs: number): void {
  const bad = records.filter((r) => r.status !== 'completed');
  if (records.length !== jobs || bad.length > 0) {
    throw new Error(`dispatch: ${records.length} runs finished, ${bad.length} not completed (${bad[0]?.status}: ${bad[0]?.message} ${bad[0]?.systemError ?? ''})`);
  }
  const sandboxed = records.filter((r) => r.protections.includes('bubblewrap')).length;
  if (sandboxed !== (sandbox ? jobs : 0)) throw new Error(`dispatch: ${sandboxed} of ${jobs} runs were in bubblewrap (sandbox ${sandbox})`);
}
