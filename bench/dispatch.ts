import { enginePath, gnuParallel, gnuParallelBwrap, queueAndRunner, queueOnly, rawSpawn, rawSpawnHere, xargs, type Batch } from './lib/dispatch-batches';
import { runnerConfigs, runnerLatency, spawnLatency } from './lib/run-latency';
import { median, repeat } from './lib/stats';
import { ratio, type Summary } from './lib/summary';
import type { Benchmark, BenchContext } from './lib/suite';
import { machineBusyMs } from './lib/machine-cpu';
import { withTempDir } from './lib/temp';
import { which } from './lib/which';
import { probeBwrap } from '../main/runner/bubblewrap';

const JOBS = 1000;
/** Runs per batch through the engine in the default run: 1,000 would take ~3 min per variant here (see BENCHMARKS.md). */
const ENGINE_JOBS = 300;
const REPS = 3;

/** Ours: run through the engine's own code (fewer runs per batch by default, see ENGINE_JOBS). */
const ours = (name: string): boolean => name.startsWith('queue') || name.startsWith('engine');
/** What users get when they run a tool: the issue's targets apply to these. */
const targeted = (name: string): boolean => (name.startsWith('queue-runner') || name.startsWith('engine')) && !name.includes('without');

export const dispatch: Benchmark = {
  name: 'dispatch',
  title: 'Dispatch overhead: 1,000 runs of `true`',
  async run(ctx: BenchContext): Promise<Summary[]> {
    const truePath = (await which('true')) ?? '/bin/true';
    const parallelPath = await which('parallel');
    const bwrapPath = await which('bwrap');
    const bwrapProbe = bwrapPath ? await probeBwrap(bwrapPath, truePath) : null;
    const bwrapBaseline = parallelPath && bwrapPath && bwrapProbe?.ok ? gnuParallelBwrap(parallelPath, bwrapPath, bwrapProbe.tmpfsSize) : null;
    const c = ctx.cores;
    const variants: [name: string, label: string, batch: Batch | null][] = [
      ['raw-spawn', 'raw child_process.spawn pool in a fresh Node process of its own', rawSpawn],
      ['raw-spawn-here', `the same pool in this bench process (${Math.round(process.memoryUsage().rss / 2 ** 20)} MB resident at the start: fork copies its page tables)`, rawSpawnHere],
      ['xargs', `xargs -P ${c}`, xargs],
      ['gnu-parallel', `GNU parallel -j ${c}`, parallelPath ? gnuParallel(parallelPath) : null],
      ['gnu-parallel-bwrap', `GNU parallel -j ${c} running the runner's bwrap command line around true`, bwrapBaseline],
      ['queue-only', 'QueueService alone, no process (its bookkeeping: records, events, estimates)', queueOnly],
      ['queue-runner', 'QueueService + runTool, no sandbox', queueAndRunner(false)],
      ['queue-runner-without-cgroups', 'QueueService + runTool, no sandbox, no cgroups (what they cost)', queueAndRunner(false, true)],
      ['queue-runner-bwrap', 'QueueService + runTool, bubblewrap', queueAndRunner(true)],
      ['engine', 'whole engine (intake copy + queue + runner), no sandbox', enginePath(false)],
      ['engine-bwrap', 'whole engine (intake copy + queue + runner), bubblewrap', enginePath(true)],
    ];
    const perJob = new Map<string, number>();
    const cpuPerJob = new Map<string, number>();
    const out: Summary[] = [];
    for (const [name, label, batch] of variants) {
      if (!batch) {
        ctx.log(`dispatch.${name}: skipped (not installed)`);
        continue;
      }
      const jobs = ctx.full || !ours(name) ? JOBS : ENGINE_JOBS;
      const cpus: number[] = [];
      const times = await repeat(REPS, async (i) => {
        const busy0 = machineBusyMs();
        const ms = await batch(truePath, c, jobs);
        const busy1 = machineBusyMs();
        if (busy0 !== null && busy1 !== null) cpus.push(busy1 - busy0);
        ctx.log(`dispatch.${name}: rep ${i + 1}/${REPS}: ${jobs} runs in ${(ms / 1000).toFixed(2)} s${cpus.length > i ? `, machine CPU ${((cpus[i] as number) / 1000).toFixed(2)} s` : ''}`);
        return ms;
      });
      const ms = median(times) / jobs;
      perJob.set(name, ms);
      const raw = perJob.get('raw-spawn') as number;
      const parallel = perJob.get('gnu-parallel');
      const parallelBwrap = perJob.get('gnu-parallel-bwrap');
      const note = `${label}; concurrency ${c}; median of ${REPS} × ${jobs} runs; reps ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s`;
      const last: Summary = { name: `dispatch.${name}`, value: ms, unit: 'ms/job', vs: name === 'raw-spawn' ? null : ratio(ms, raw, 'raw spawn'), note };
      out.push(last);
      out.push({ name: `dispatch.${name}.throughput`, value: 1000 / ms, unit: 'jobs/s', vs: name === 'raw-spawn' ? null : ratio(1000 / ms, 1000 / raw, 'raw spawn') });
      if (cpus.length === REPS) {
        const cpu = median(cpus) / jobs;
        cpuPerJob.set(name, cpu);
        const rawCpu = cpuPerJob.get('raw-spawn');
        out.push({
          name: `dispatch.${name}.cpu`,
          value: cpu,
          unit: 'ms/job',
          vs: name === 'raw-spawn' || rawCpu === undefined ? null : ratio(cpu, rawCpu, 'raw spawn'),
          note: `the whole machine's busy CPU time during the batch (/proc/stat; every process and thread it made work), per run; median of ${REPS}`,
        });
      }
      if (targeted(name)) {
        if (parallel !== undefined) last.vs = `${last.vs}, ${ratio(ms, parallel, 'GNU parallel')}`;
        if (name.endsWith('bwrap') && parallelBwrap !== undefined) last.vs = `${last.vs}, ${ratio(ms, parallelBwrap, 'GNU parallel + bwrap')}`;
        const targets = [parallel !== undefined ? ms < parallel : false, ...(name.endsWith('bwrap') ? [] : [ms <= 2 * raw])];
        last.target = { text: name.endsWith('bwrap') ? '< GNU parallel' : '< GNU parallel and ≤ 2× raw spawn', met: targets.every(Boolean) };
        // Protected against protected (issue 19.3): the whole engine in bubblewrap against parallel running the same bwrap.
        if (name === 'engine-bwrap' && parallelBwrap !== undefined) last.target = { text: '≤ 1.5× GNU parallel + bwrap', met: ms <= 1.5 * parallelBwrap };
      }
    }
    out.push(...(await latencyBreakdown(ctx, truePath)));
    return out;
  },
};

const LATENCY_RUNS = 60;

/** Where one run's time goes: the runner alone, one run at a time, taking its protections away one by one. */
async function latencyBreakdown(ctx: BenchContext, truePath: string): Promise<Summary[]> {
  return withTempDir('empty-proc', async (emptyProc) => {
    const spawnMs = await spawnLatency(truePath, LATENCY_RUNS);
    const out: Summary[] = [{ name: 'dispatch.latency.spawn', value: spawnMs, unit: 'ms/run', vs: null, note: `one child_process.spawn of true to its exit, one at a time; median of ${LATENCY_RUNS}` }];
    for (const config of runnerConfigs(emptyProc)) {
      const ms = await runnerLatency(config, truePath, LATENCY_RUNS);
      ctx.log(`dispatch.latency.${config.name}: ${ms.toFixed(1)} ms`);
      out.push({ name: `dispatch.latency.${config.name}`, value: ms, unit: 'ms/run', vs: ratio(ms, spawnMs, 'spawn'), note: `runTool, ${config.label}; one at a time; median of ${LATENCY_RUNS}` });
    }
    return out;
  });
}
