import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RunLimitsSchema } from '../../shared/settings';
import { createRunner, type RunnerDeps } from '../../main/runner';
import { median } from './stats';

/** One configuration of the runner, from everything on down to nothing but the spawn. */
export interface RunnerConfig {
  name: string;
  label: string;
  deps: Partial<RunnerDeps>;
  sandbox: boolean;
}

/**
 * The configurations that take the runner apart, one protection at a time. The last one points the runner at an
 * empty folder instead of /proc: no tree is found or ended, so it is only a measuring device, never a way to run.
 */
export function runnerConfigs(emptyProc: string): RunnerConfig[] {
  return [
    { name: 'full', label: 'bubblewrap + cgroups + prlimit + tree watch', deps: {}, sandbox: true },
    { name: 'no-bwrap', label: 'cgroups + prlimit + tree watch', deps: {}, sandbox: false },
    { name: 'no-cgroups', label: 'prlimit + tree watch', deps: { cgroupRoot: null }, sandbox: false },
    { name: 'tree-watch-only', label: 'tree watch (/proc scans) only', deps: { cgroupRoot: null, prlimitPath: null, bwrapPath: null }, sandbox: false },
    { name: 'nothing', label: 'no protection, no /proc scan (measuring only)', deps: { cgroupRoot: null, prlimitPath: null, bwrapPath: null, procRoot: emptyProc }, sandbox: false },
  ];
}

/** Median wall time of one run of `command`, runs one after another, ms. */
export async function runnerLatency(config: RunnerConfig, command: string, runs: number): Promise<number> {
  const runner = createRunner(config.deps);
  const limits = RunLimitsSchema.parse({});
  const root = await mkdtemp(join(tmpdir(), 'hapyy-bench-latency-'));
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const runDir = join(root, `r${i}`);
      await mkdir(join(runDir, 'input'), { recursive: true });
      const t0 = performance.now();
      const o = await runner.runTool({ jobId: `bench-latency-${process.pid}-${config.name}-${i}`, runDir, command, args: [], timeoutMs: 60_000, limits, sandbox: config.sandbox });
      times.push(performance.now() - t0);
      if (o.status !== 'completed') throw new Error(`latency ${config.name}: run ended ${o.status}: ${o.systemError ?? o.message}`);
    }
    return median(times);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Median wall time of one bare child_process.spawn of `command` to its exit, one after another, ms. */
export async function spawnLatency(command: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, [], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
    times.push(performance.now() - t0);
  }
  return median(times);
}
