import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { runChild } from './lib/child';
import { generatorScript, LINE_BYTES } from './lib/generator';
import { median, repeat } from './lib/stats';
import { ratio, type Summary } from './lib/summary';
import type { Benchmark, BenchContext } from './lib/suite';
import { withTempDir } from './lib/temp';
import type { StreamingChildResult } from './streaming-child';

const MB = 1024 * 1024;
const REPS = 3;
const SIZES = [20 * MB, 200 * MB];

/** The same generator piped straight to a file. */
async function baseline(bytes: number, dir: string): Promise<number> {
  const t0 = performance.now();
  await execa('/bin/sh', ['-c', `${generatorScript(bytes)} | cat > '${join(dir, 'out.txt')}'`]);
  const ms = performance.now() - t0;
  await rm(join(dir, 'out.txt'), { force: true });
  return ms;
}

/**
 * The same generator read by this Node process and written to a file, nothing else: what any Node capture costs.
 * Also this process's CPU time meanwhile (all its threads; it does nothing else then).
 */
async function nodeFloor(bytes: number, dir: string): Promise<{ ms: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const child = spawn('/bin/sh', ['-c', generatorScript(bytes)], { stdio: ['ignore', 'pipe', 'ignore'] });
  const out = createWriteStream(join(dir, 'floor.txt'), { highWaterMark: MB });
  await pipeline(child.stdout, out);
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  await rm(join(dir, 'floor.txt'), { force: true });
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function throughRunner(bytes: number, dir: string, rep: number): Promise<StreamingChildResult> {
  const r = await runChild<StreamingChildResult>('bench/streaming-child.ts', [String(bytes), join(dir, `run-${rep}`)], 600_000);
  const lines = bytes / LINE_BYTES;
  // Figures from a run that lost lines or stopped early would flatter it. Listeners see the newest lines of each
  // delivery (the rest stay in run.log), so every line must be numbered and the last 10,000 kept, not all seen.
  if (r.status !== 'completed' || r.outputBytes !== bytes || r.outputLines !== lines || r.linesSeen === 0 || r.tailLines !== 10_000) {
    throw new Error(`streaming: run ended ${r.status} with ${r.outputBytes} bytes, ${r.linesSeen} lines seen, ${r.tailLines} kept`);
  }
  return r;
}

export const streaming: Benchmark = {
  name: 'streaming',
  title: 'Output streaming: lines through the runner vs `tool | cat > file`',
  async run(ctx: BenchContext): Promise<Summary[]> {
    const out: Summary[] = [];
    for (const bytes of SIZES) {
      const label = `${bytes / MB}mb`;
      await withTempDir('stream', async (dir) => {
        // One of each per round, and each output deleted after it: every contender meets the same page cache
        // (run last, after 1.2 GB of baselines, the runner met the disk's writeback and was the only one slowed).
        const base: number[] = [];
        const floor: { ms: number; cpuMs: number }[] = [];
        const runs = await repeat(REPS, async (i) => {
          base.push(await baseline(bytes, dir));
          floor.push(await nodeFloor(bytes, dir));
          const r = await throughRunner(bytes, dir, i);
          await rm(join(dir, `run-${i}`), { recursive: true, force: true });
          ctx.log(
            `streaming.${label}: rep ${i + 1}/${REPS}: runner ${(r.ms / 1000).toFixed(2)} s (CPU ${r.cpuMs.toFixed(0)} ms; probe before it ${r.probeMs.toFixed(0)} ms), peak RSS ${(r.peakRssBytes / MB).toFixed(0)} MB; cat ${(base[i] as number / 1000).toFixed(2)} s; Node alone ${((floor[i]?.ms ?? 0) / 1000).toFixed(2)} s`,
          );
          return r;
        });
        const baseMBs = bytes / MB / (median(base) / 1000);
        const runnerMBs = bytes / MB / (median(runs.map((r) => r.ms)) / 1000);
        const slowdown = baseMBs / runnerMBs;
        const peak = median(runs.map((r) => r.peakRssBytes)) / MB;
        const idle = median(runs.map((r) => r.rssBeforeBytes)) / MB;
        out.push({ name: `streaming.${label}.pipe-to-file`, value: baseMBs, unit: 'MB/s', vs: null, note: `median of ${REPS}` });
        const floorMBs = bytes / MB / (median(floor.map((f) => f.ms)) / 1000);
        out.push({
          name: `streaming.${label}.node-pipe-to-file`,
          value: floorMBs,
          unit: 'MB/s',
          vs: `${ratio(baseMBs / floorMBs, 1, 'slower than tool | cat > file')}`,
          note: `Node reading the pipe and writing a file, nothing else (the floor for any capture in Node); median of ${REPS}`,
        });
        out.push({
          name: `streaming.${label}.runner`,
          value: runnerMBs,
          unit: 'MB/s',
          vs: `${ratio(slowdown, 1, 'slower than tool | cat > file')}; ${ratio(floorMBs / runnerMBs, 1, 'slower than Node pipe to file')}`,
          target: { text: '≤ 2× slower', met: slowdown <= 2 },
          note: `${bytes / LINE_BYTES} lines of ${LINE_BYTES} bytes, in bubblewrap; run.log (raw chunks + index), every line numbered, last 10,000 kept, newest lines delivered to a listener; the runner's one-time machine probe (median ${median(runs.map((r) => r.probeMs)).toFixed(0)} ms) done before the timed run, as the app does at start; median of ${REPS}`,
        });
        // CPU time is steadier than wall time when other work shares the cores: what the capture costs per run.
        const cpu = median(runs.map((r) => r.cpuMs));
        const floorCpu = median(floor.map((f) => f.cpuMs));
        out.push({
          name: `streaming.${label}.runner-cpu`,
          value: cpu,
          unit: 'ms',
          vs: `${ratio(cpu, floorCpu, 'the Node pipe-to-file CPU')} (${floorCpu.toFixed(0)} ms)`,
          note: `CPU time (user + system, all threads) of the process hosting the runner during the run, fixed start and end included; median of ${REPS}`,
        });
        out.push({
          name: `streaming.${label}.peak-rss`,
          value: peak,
          unit: 'MB',
          vs: `${formatMb(peak - idle)} MB over the process's ${formatMb(idle)} MB before the run`,
          target: { text: '< 200 MB', met: peak < 200 },
          note: 'ru_maxrss of a fresh Node process hosting the runner',
        });
      });
    }
    return out;
  },
};

const formatMb = (v: number): string => v.toFixed(0);
