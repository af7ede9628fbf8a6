import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { RunLimitsSchema } from '../shared/settings';
import { probeBwrap } from '../main/runner/bubblewrap';
import { buildPolicy, bwrapArgs } from '../main/runner/sandbox';
import { TOOL_WRITABLE } from '../main/store/layout';
import { runChild } from './lib/child';
import { generatorScript, LINE_BYTES } from './lib/generator';
import { median, repeat } from './lib/stats';
import { ratio, type Summary } from './lib/summary';
import type { Benchmark, BenchContext } from './lib/suite';
import { memoryTempBase, withTempDir } from './lib/temp';
import { which } from './lib/which';
import type { StreamingChildResult } from './streaming-child';

const MB = 1024 * 1024;
/** Five, not three: a 200 MB rep is ~1.5 s here, and the disk's writeback moves single reps by up to 4×. */
const REPS = 5;
const SIZES = [20 * MB, 200 * MB];

/** The same generator piped straight to a file. */
async function baseline(bytes: number, dir: string): Promise<number> {
  const t0 = performance.now();
  await execa('/bin/sh', ['-c', `${generatorScript(bytes)} | cat > '${join(dir, 'out.txt')}'`]);
  const ms = performance.now() - t0;
  await rm(join(dir, 'out.txt'), { force: true });
  return ms;
}

const shellQuote = (a: string): string => `'${a.replaceAll("'", "'\\''")}'`;

/**
 * The same generator inside the bubblewrap command line the runner builds for it (the sandbox policy rendered by
 * bwrapArgs, as the dispatch bench's protected baseline), piped to `cat > file`: the runner's run pays the sandbox's
 * start and end, which the bare pipeline does not. Without the runner's prlimit and cgroups.
 */
async function sandboxedBaseline(bytes: number, dir: string, bwrap: { path: string; tmpfsSize: boolean }): Promise<number> {
  const runDir = join(dir, 'cat-bwrap');
  const writable = TOOL_WRITABLE.map((w) => join(runDir, w));
  for (const d of writable) await mkdir(d, { recursive: true });
  const limits = RunLimitsSchema.parse({});
  const args = ['-c', generatorScript(bytes)];
  const policy = await buildPolicy({
    platform: 'linux',
    runDirs: [runDir],
    writable,
    cwd: join(runDir, 'input'),
    command: '/bin/sh',
    args,
    pathVar: process.env.PATH,
    tmpfsBytes: bwrap.tmpfsSize ? Math.min(limits.fileWriteBytes, limits.memoryBytes) : null,
  });
  const line = [bwrap.path, ...bwrapArgs(policy), '/bin/sh', ...args].map(shellQuote).join(' ');
  const t0 = performance.now();
  await execa('/bin/sh', ['-c', `${line} | cat > '${join(dir, 'out-bwrap.txt')}'`]);
  const ms = performance.now() - t0;
  await rm(join(dir, 'out-bwrap.txt'), { force: true });
  await rm(runDir, { recursive: true, force: true });
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
    const bwrapPath = await which('bwrap');
    const probe = bwrapPath ? await probeBwrap(bwrapPath, '/bin/true') : null;
    const bwrap = bwrapPath && probe?.ok ? { path: bwrapPath, tmpfsSize: probe.tmpfsSize } : null;
    // On disk (the temp folder) and in memory (/dev/shm): on disk both sides wait on writeback in spells (cat ranged
    // 0.24–0.90 s for the same 200 MB in one run); in memory the figure is what the capture itself costs.
    const memory = await memoryTempBase();
    const places = [{ suffix: '', base: tmpdir() }, ...(memory === tmpdir() ? [] : [{ suffix: '-memory', base: memory }])];
    const cases = places.flatMap((p) => SIZES.map((bytes) => ({ ...p, bytes })));
    for (const { suffix, base: place, bytes } of cases) {
      const label = `${bytes / MB}mb${suffix}`;
      const where = suffix ? `files in memory (${place})` : `files on disk (${place})`;
      await withTempDir('stream', async (dir) => {
        // One of each per round, and each output deleted after it: every contender meets the same page cache
        // (run last, after 1.2 GB of baselines, the runner met the disk's writeback and was the only one slowed).
        const base: number[] = [];
        const floor: { ms: number; cpuMs: number }[] = [];
        const boxed: number[] = [];
        const runs = await repeat(REPS, async (i) => {
          base.push(await baseline(bytes, dir));
          if (bwrap) boxed.push(await sandboxedBaseline(bytes, dir, bwrap));
          floor.push(await nodeFloor(bytes, dir));
          const r = await throughRunner(bytes, dir, i);
          await rm(join(dir, `run-${i}`), { recursive: true, force: true });
          ctx.log(
            `streaming.${label}: rep ${i + 1}/${REPS}: runner ${(r.ms / 1000).toFixed(2)} s (CPU ${r.cpuMs.toFixed(0)} ms, main thread ${r.mainThreadMs?.toFixed(0) ?? '?'} ms; probe before it ${r.probeMs.toFixed(0)} ms), peak RSS ${(r.peakRssBytes / MB).toFixed(0)} MB; cat ${(base[i] as number / 1000).toFixed(2)} s${bwrap ? ` (in bwrap ${((boxed[i] ?? 0) / 1000).toFixed(2)} s)` : ''}; Node alone ${((floor[i]?.ms ?? 0) / 1000).toFixed(2)} s`,
          );
          return r;
        });
        const baseMBs = bytes / MB / (median(base) / 1000);
        const runnerMBs = bytes / MB / (median(runs.map((r) => r.ms)) / 1000);
        const slowdown = baseMBs / runnerMBs;
        const peak = median(runs.map((r) => r.peakRssBytes)) / MB;
        const idle = median(runs.map((r) => r.rssBeforeBytes)) / MB;
        out.push({ name: `streaming.${label}.pipe-to-file`, value: baseMBs, unit: 'MB/s', vs: null, note: `${where}; median of ${REPS}` });
        const boxedMBs = boxed.length > 0 ? bytes / MB / (median(boxed) / 1000) : null;
        if (boxedMBs !== null) {
          out.push({
            name: `streaming.${label}.bwrap-pipe-to-file`,
            value: boxedMBs,
            unit: 'MB/s',
            vs: `${ratio(baseMBs / boxedMBs, 1, 'slower than tool | cat > file')}`,
            note: `the generator in the runner's bubblewrap command line, piped to cat > file (protected against protected; no prlimit or cgroups); median of ${REPS}`,
          });
        }
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
          vs: `${ratio(slowdown, 1, 'slower than tool | cat > file')}; ${boxedMBs !== null ? `${ratio(boxedMBs / runnerMBs, 1, 'slower than the same in bwrap')}; ` : ''}${ratio(floorMBs / runnerMBs, 1, 'slower than Node pipe to file')}`,
          target: { text: '≤ 2× slower', met: slowdown <= 2 },
          note: `${bytes / LINE_BYTES} lines of ${LINE_BYTES} bytes, in bubblewrap, ${where}; run.log (raw chunks + index), every line numbered, last 10,000 kept, newest lines delivered to a listener; the runner's one-time machine probe (median ${median(runs.map((r) => r.probeMs)).toFixed(0)} ms) and one 4 MB run done before the timed run, as in an app that has run tools before; median of ${REPS}`,
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
        const mainMs = runs.flatMap((r) => (r.mainThreadMs === null ? [] : [r.mainThreadMs]));
        if (mainMs.length > 0) {
          out.push({
            name: `streaming.${label}.runner-main-thread`,
            value: median(mainMs),
            unit: 'ms',
            vs: null,
            note: `on-CPU time of the host process's main thread during the run (where the capture runs; the threadpool's file writes not included); median of ${mainMs.length}`,
          });
        }
        out.push({
          name: `streaming.${label}.peak-rss`,
          value: peak,
          unit: 'MB',
          vs: `${formatMb(peak - idle)} MB over the process's ${formatMb(idle)} MB before its first run`,
          target: { text: '< 200 MB', met: peak < 200 },
          note: 'ru_maxrss of a fresh Node process hosting the runner',
        });
      }, place);
    }
    return out;
  },
};

const formatMb = (v: number): string => v.toFixed(0);
