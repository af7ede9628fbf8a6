import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunLimitsSchema } from '../shared/settings';
import { createRunner, JOB_MARKER, type Runner } from '../main/runner';
import { killMarked, markedPids, waitGroupGone } from './lib/procs';
import { percentile, repeat } from './lib/stats';
import { ratio, type Summary } from './lib/summary';
import type { Benchmark, BenchContext } from './lib/suite';
import { withTempDir } from './lib/temp';
import { TREES, type TreeKind } from './lib/trees';

/** Shorter than the default 2 s so the stubborn case runs quickly; its target is relative to it. */
const GRACE_MS = 500;
const REPS: Record<TreeKind, number> = { cooperative: 20, stubborn: 10 };
const READY_TIMEOUT_MS = 10_000;

/** Cancel → runTool resolved (which it does only once the whole tree is gone, confirmed here), ms. */
async function cancelThroughRunner(runner: Runner, tree: TreeKind, dir: string, rep: number, sandbox: boolean): Promise<number> {
  const runDir = join(dir, `run-${tree}-${sandbox}-${rep}`);
  await mkdir(join(runDir, 'input'), { recursive: true });
  const jobId = `bench-cancel-${process.pid}-${tree}-${sandbox}-${rep}`;
  const ac = new AbortController();
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const run = runner.runTool({
    jobId,
    runDir,
    command: '/bin/sh',
    args: ['-c', TREES[tree]],
    timeoutMs: 60_000,
    limits: RunLimitsSchema.parse({ graceMs: GRACE_MS }),
    sandbox,
    signal: ac.signal,
    onOutput: (lines) => lines.some((l) => l.text === 'ready') && ready(),
  });
  try {
    await Promise.race([isReady, run.then(() => Promise.reject(new Error(`cancel: ${tree} tree ended before it was ready`))), sleep(READY_TIMEOUT_MS).then(() => Promise.reject(new Error('cancel: tree not ready in time')))]);
    const t0 = performance.now();
    ac.abort();
    const outcome = await run;
    const ms = performance.now() - t0;
    const left = await markedPids(jobId);
    if (outcome.status !== 'cancelled' || left.length > 0) throw new Error(`cancel: run ended ${outcome.status} with ${left.length} process(es) left`);
    return ms;
  } finally {
    ac.abort();
    await run.catch(() => undefined);
    await killMarked(jobId);
  }
}

/**
 * The baseline: what a plain `spawn(…, { detached: true })` user does: SIGTERM to the process group, SIGKILL to it
 * after the grace period, done when the group is empty. It never sees a setsid grandchild (killed here afterwards).
 */
async function cancelProcessGroup(tree: TreeKind, rep: number): Promise<{ ms: number; escaped: number }> {
  const jobId = `bench-cancel-base-${process.pid}-${tree}-${rep}`;
  const child = spawn('/bin/sh', ['-c', TREES[tree]], { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, [JOB_MARKER]: jobId } });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('baseline tree not ready')), READY_TIMEOUT_MS);
      child.stdout.on('data', (b: Buffer) => {
        if (b.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const pgid = child.pid as number;
    const t0 = performance.now();
    process.kill(-pgid, 'SIGTERM');
    if (!(await waitGroupGone(pgid, GRACE_MS))) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // the group emptied between the last look and now
      }
      await waitGroupGone(pgid, 5000);
    }
    const ms = performance.now() - t0;
    return { ms, escaped: (await markedPids(jobId)).length };
  } finally {
    await killMarked(jobId);
  }
}

export const cancel: Benchmark = {
  name: 'cancel',
  title: 'Cancel latency: from cancel to the whole process tree gone',
  async run(ctx: BenchContext): Promise<Summary[]> {
    const out: Summary[] = [];
    const runner = createRunner();
    await withTempDir('cancel', async (dir) => {
      for (const tree of ['cooperative', 'stubborn'] as const) {
        const n = REPS[tree];
        const base = await repeat(n, (i) => cancelProcessGroup(tree, i));
        const baseP50 = percentile(base.map((b) => b.ms), 0.5);
        const escaped = base.filter((b) => b.escaped > 0).length;
        out.push({
          name: `cancel.${tree}.process-group.p50`,
          value: baseP50,
          unit: 'ms',
          vs: null,
          note: `kill(-pgid) TERM, KILL after ${GRACE_MS} ms; ${escaped} of ${n} left a process running (setsid)`,
        });
        for (const sandbox of [true, false]) {
          const mode = sandbox ? 'bwrap' : 'bare';
          const times = await repeat(n, (i) => cancelThroughRunner(runner, tree, dir, i, sandbox));
          const p50 = percentile(times, 0.5);
          const p95 = percentile(times, 0.95);
          ctx.log(`cancel.${tree}.${mode}: ${times.map((t) => t.toFixed(0)).join(' ')} ms`);
          const limit = tree === 'cooperative' ? 20 : GRACE_MS + 20; // issue 19's targets
          out.push({ name: `cancel.${tree}.${mode}.p50`, value: p50, unit: 'ms', vs: ratio(p50, baseP50, 'process-group kill') });
          out.push({
            name: `cancel.${tree}.${mode}.p95`,
            value: p95,
            unit: 'ms',
            vs: ratio(p95, percentile(base.map((b) => b.ms), 0.95), 'process-group kill p95'),
            target: { text: tree === 'cooperative' ? '≤ 20 ms' : `≤ grace (${GRACE_MS} ms) + 20 ms`, met: p95 <= limit },
            note: `${n} cancels, runner ${sandbox ? 'with bubblewrap and cgroups' : 'without bubblewrap'}; whole tree confirmed gone by job marker`,
          });
        }
      }
    });
    return out;
  },
};
