/**
 * One streaming run in a process of its own: `node --import tsx bench/streaming-child.ts <bytes> <runDir>`.
 * Prints one JSON line (StreamingChildResult). Its peak RSS is the runner's alone, not an earlier run's.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RunLimitsSchema } from '../shared/settings';
import { createRunner } from '../main/runner';
import { sharedSpawnHelper } from '../main/runner/spawn-helper';

const { runTool, detectProtections } = createRunner();
import { generatorScript } from './lib/generator';

export interface StreamingChildResult {
  ms: number;
  status: string;
  outputBytes: number;
  outputLines: number;
  linesSeen: number;
  tailLines: number;
  /** Peak resident memory of this process (getrusage ru_maxrss), before any run (the warm-up's too) and after the run. */
  rssBeforeBytes: number;
  peakRssBytes: number;
  /** CPU time of this process during the run (all its threads, user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
  cpuUserMs: number;
  /**
   * On-CPU time of this process's main thread alone during the run (Linux schedstat; null elsewhere): the thread the
   * capture runs on, without the threadpool's file writes, and steadier than wall time on a shared machine.
   */
  mainThreadMs: number | null;
  /** The runner's one-time probe of the machine (bubblewrap, cgroups), done before the timed run as the app does at start. */
  probeMs: number;
}

/** The warm-up run's output (see below). */
const WARM_BYTES = 4 * 1024 * 1024;

const [bytesArg, runDir] = process.argv.slice(2);
const bytes = Number(bytesArg);
if (!Number.isInteger(bytes) || bytes < 0 || !runDir) throw new Error('usage: streaming-child.ts <bytes> <runDir>');
await mkdir(join(runDir, 'input'), { recursive: true });
const limits = RunLimitsSchema.parse({ logBytes: 10 * 1024 ** 3, outputLinesKept: 10_000 });
const rssBeforeBytes = process.resourceUsage().maxRSS * 1024;
// The app probes the machine once when it starts, not per run; a fresh process would otherwise count it in the run.
const p0 = performance.now();
await detectProtections();
const probeMs = performance.now() - p0;
// And it has run tools before: one short run first, so the timed run starts its tool through the spawn helper, as an
// app's runs do from its second on (a fresh process's first run starts the tool itself), with the capture's code
// compiled. Measured: neither figure moved (20 MB ~95 ms, 200 MB ~450 ms both ways), but the path timed is the app's.
const warmDir = `${runDir}-warm`;
await mkdir(join(warmDir, 'input'), { recursive: true });
await Promise.all([
  runTool({ jobId: `bench-stream-warm-${process.pid}`, runDir: warmDir, command: '/bin/sh', args: ['-c', generatorScript(WARM_BYTES)], timeoutMs: 60_000, limits, sandbox: true }),
  process.platform === 'linux' ? sharedSpawnHelper().start() : undefined,
]);
await rm(warmDir, { recursive: true, force: true });
/** Nanoseconds the main thread (its task id is the pid) has run on a CPU. */
const mainThreadNs = (): number | null => {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
};
let linesSeen = 0;
const main0 = mainThreadNs();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const outcome = await runTool({
  jobId: `bench-stream-${process.pid}`,
  runDir,
  command: '/bin/sh',
  args: ['-c', generatorScript(bytes)],
  timeoutMs: 600_000,
  limits,
  sandbox: true,
  // A consumer that looks at every batch, as the queue's relay does.
  onOutput: (lines) => {
    linesSeen += lines.length;
  },
});
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const main1 = mainThreadNs();
const result: StreamingChildResult = {
  ms,
  status: outcome.status,
  outputBytes: outcome.outputBytes,
  outputLines: outcome.outputLines,
  linesSeen,
  tailLines: outcome.tail.length,
  rssBeforeBytes,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  cpuMs: (cpu.user + cpu.system) / 1000,
  cpuUserMs: cpu.user / 1000,
  probeMs,
  mainThreadMs: main0 !== null && main1 !== null ? (main1 - main0) / 1e6 : null,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
