import { rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { IntakeLimitsSchema } from '../shared/settings';
import { copyProject, openAndCopyProject, openProject } from '../main/intake';
import { MAX_COPY_THREADS } from '../main/intake/copy-pool';
import { FolderWalker } from '../main/runner/folder-walker';
import { folderBytes, type FolderBytes } from '../main/runner/write-watch';
import { generateProject } from './lib/project-gen';
import { median, repeat } from './lib/stats';
import { ratio, type Summary } from './lib/summary';
import type { Benchmark, BenchContext } from './lib/suite';
import { memoryTempBase, withTempDir } from './lib/temp';

const FILES = 20_000;
const BYTES = 200 * 1024 * 1024;
/** Five, not three: on disk `cp -r` alone ranged 0.39–3.02 s over three reps of one run (writeback spells). */
const REPS = 5;

/** Writes earlier copies left dirty in the page cache back to disk first, so one measurement does not pay for another's. */
const settle = async (): Promise<void> => {
  await execa('sync');
};

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

const check = (files: number, bytes: number): void => {
  if (files !== FILES || bytes !== BYTES) throw new Error(`intake: copied ${files} files / ${bytes} bytes, expected ${FILES} / ${BYTES}`);
};

/** Times and CPU (all threads of this process) of one measured intake. */
interface Mine {
  ms: number;
  cpuMs: number;
}

/** openProject, then copyProject: what a window's run of an opened project does. */
async function scanThenCopy(src: string, dest: string, staging: string): Promise<Mine & { scanMs: number; copyMs: number }> {
  await settle();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const project = await openProject(src, { limits: IntakeLimitsSchema.parse({}), stagingDir: staging });
  const scanMs = performance.now() - t0;
  const manifest = await copyProject(project, dest);
  const ms = performance.now() - t0;
  const cpuUsed = cpuMs(cpu);
  check(manifest.files.length, manifest.bytes);
  return { ms, cpuMs: cpuUsed, scanMs, copyMs: ms - scanMs };
}

/** openAndCopyProject: the copy runs while the scan does (`hapyy run <path>`: the job takes that copy). */
async function openAndCopy(src: string, dest: string, staging: string): Promise<Mine> {
  await settle();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const { manifest } = await openAndCopyProject(src, dest, { limits: IntakeLimitsSchema.parse({}), stagingDir: staging });
  const ms = performance.now() - t0;
  const cpuUsed = cpuMs(cpu);
  check(manifest.files.length, manifest.bytes);
  return { ms, cpuMs: cpuUsed };
}

/** cp -r's wall time, and its CPU time (user + system) as GNU time tells it. */
async function cpR(src: string, dest: string): Promise<Mine> {
  await settle();
  const t0 = performance.now();
  const { stderr } = await execa('/usr/bin/time', ['-f', '%U %S', 'cp', '-r', src, dest]);
  const ms = performance.now() - t0;
  const [user, sys] = stderr.trim().split(/\s+/).slice(-2).map(Number);
  return { ms, cpuMs: ((user ?? NaN) + (sys ?? NaN)) * 1000 };
}

/** Generates the project once under `base`, then times cp -r and intake, interleaved and in turn first. */
async function measure(ctx: BenchContext, where: string, base: string): Promise<Summary[]> {
  return withTempDir(
    'intake',
    async (dir) => {
      const src = join(dir, 'project');
      const t0 = performance.now();
      await generateProject(src, FILES, BYTES);
      ctx.log(`intake.${where}: generated ${FILES} files / ${BYTES / 1024 ** 2} MB under ${base} in ${((performance.now() - t0) / 1000).toFixed(1)} s (once, reused)`);
      const results = await repeat(REPS, async (i) => {
        // In turn first, so none of the three always runs on a page cache the others left.
        const runs = [
          async () => ({ base: await cpR(src, join(dir, `cp-${i}`)) }),
          async () => ({ seq: await scanThenCopy(src, join(dir, `copy-${i}`, 'input'), join(dir, 'staging')) }),
          async () => ({ overlap: await openAndCopy(src, join(dir, `both-${i}`, 'input'), join(dir, 'staging')) }),
        ];
        let got = {};
        for (let k = 0; k < runs.length; k += 1) got = { ...got, ...(await (runs[(i + k) % runs.length] as () => Promise<object>)()) };
        const { base, seq, overlap } = got as { base: Mine; seq: Awaited<ReturnType<typeof scanThenCopy>>; overlap: Mine };
        ctx.log(
          `intake.${where}: rep ${i + 1}/${REPS}: cp -r ${s2(base.ms)} s (cpu ${s2(base.cpuMs)} s); open-and-copy ${s2(overlap.ms)} s (cpu ${s2(overlap.cpuMs)} s); scan ${s2(seq.scanMs)} s + copy ${s2(seq.copyMs)} s (cpu ${s2(seq.cpuMs)} s)`,
        );
        for (const d of [`cp-${i}`, `copy-${i}`, `both-${i}`]) await rm(join(dir, d), { recursive: true, force: true });
        return { base, seq, overlap };
      });
      const walks = await measureWalks(ctx, where, src);
      const med = (f: (r: (typeof results)[number]) => number) => median(results.map(f));
      const reps = (f: (r: (typeof results)[number]) => number) => results.map((r) => s2(f(r))).join(', ');
      const baseMs = med((r) => r.base.ms);
      const both = med((r) => r.overlap.ms);
      const seq = med((r) => r.seq.ms);
      const scan = med((r) => r.seq.scanMs);
      const copy = med((r) => r.seq.copyMs);
      const baseCpu = med((r) => r.base.cpuMs);
      const bothCpu = med((r) => r.overlap.cpuMs);
      const seqCpu = med((r) => r.seq.cpuMs);
      const target = where === 'disk' ? { text: 'never slower than cp -r', met: both <= baseMs } : { text: '≤ 1.5× cp -r', met: both <= 1.5 * baseMs };
      return [
        { name: `intake.${where}.cp-r`, value: baseMs / 1000, unit: 's', vs: null, note: `${FILES} files, ${BYTES / 1024 ** 2} MB under ${base}, warm page cache, sync before each; median of ${REPS} (${reps((r) => r.base.ms)} s)` },
        {
          name: `intake.${where}.open-and-copy`,
          value: both / 1000,
          unit: 's',
          vs: ratio(both, baseMs, 'cp -r'),
          target,
          note: `openAndCopyProject (what hapyy run <path> does; its job takes the copy): the scan against the limits (synchronous fs calls in 8 ms slices on the main thread) feeds ${copyThreads()} copy threads as it accepts files (each file checked and copied through its open descriptor, mode and mtime kept, manifest from fstat and the times set); median of ${REPS} (${reps((r) => r.overlap.ms)} s)`,
        },
        {
          name: `intake.${where}.scan-copy`,
          value: seq / 1000,
          unit: 's',
          vs: ratio(seq, baseMs, 'cp -r'),
          target: where === 'disk' ? { text: 'never slower than cp -r', met: seq <= baseMs } : { text: '≤ 1.5× cp -r', met: seq <= 1.5 * baseMs },
          note: `openProject then copyProject (a window opens a project, a run copies it later); median of ${REPS} (${reps((r) => r.seq.ms)} s)`,
        },
        { name: `intake.${where}.scan`, value: scan / 1000, unit: 's', vs: ratio(scan, baseMs, 'cp -r'), note: 'the scan alone (openProject)' },
        {
          name: `intake.${where}.copy`,
          value: copy / 1000,
          unit: 's',
          vs: ratio(copy, baseMs, 'cp -r'),
          note: `the copy alone (copyProject), the same work as cp -r plus the check of each opened file, its mode and times, and the manifest; median of ${REPS} (${reps((r) => r.seq.copyMs)} s)`,
        },
        { name: `intake.${where}.cp-r-cpu`, value: baseCpu / 1000, unit: 'CPU s', vs: null, note: 'user + system time of cp -r (GNU time): less moved by the other loads on the machine than wall time' },
        { name: `intake.${where}.open-and-copy-cpu`, value: bothCpu / 1000, unit: 'CPU s', vs: ratio(bothCpu, baseCpu, 'cp -r'), note: 'user + system time of the whole process (all threads) during openAndCopyProject' },
        { name: `intake.${where}.scan-copy-cpu`, value: seqCpu / 1000, unit: 'CPU s', vs: ratio(seqCpu, baseCpu, 'cp -r'), note: 'the same for openProject then copyProject' },
        ...walks,
      ];
    },
    base,
  );
}

const s2 = (ms: number): string => (ms / 1000).toFixed(2);

/**
 * The walk behind a run's write limit, over the same project (a run's copy of it is walked when the run starts, every
 * second while its tool runs, and at its end): `du -sb` as the baseline, the walk on the main thread (folderBytes),
 * and the runner's, in a worker thread (FolderWalker). Main-thread time from the event loop's utilization.
 */
async function measureWalks(ctx: BenchContext, where: string, src: string): Promise<Summary[]> {
  const walker = new FolderWalker();
  try {
    if (!(await walker.whenReady())) throw new Error('intake: the folder walker could not start its worker');
    const timed = async (walk: FolderBytes): Promise<{ ms: number; mainMs: number }> => {
      const elu = performance.eventLoopUtilization();
      const t0 = performance.now();
      const r = await walk([src]);
      const ms = performance.now() - t0;
      if (!r.complete) throw new Error('intake: a walk stopped short');
      return { ms, mainMs: performance.eventLoopUtilization(elu).active };
    };
    const reps = await repeat(REPS, async () => {
      const t0 = performance.now();
      await execa('du', ['-sb', src]);
      const du = performance.now() - t0;
      const here = await timed(folderBytes);
      const before = walker.counts.inWorker;
      const worker = await timed(walker.bytes);
      if (walker.counts.inWorker !== before + 1) throw new Error('intake: the worker walk ran on the main thread');
      return { du, here, worker };
    });
    const du = median(reps.map((r) => r.du));
    const line = (name: string, pick: (r: (typeof reps)[number]) => { ms: number; mainMs: number }, note: string): Summary[] => {
      const ms = median(reps.map((r) => pick(r).ms));
      const mainMs = median(reps.map((r) => pick(r).mainMs));
      return [
        { name: `intake.${where}.walk.${name}`, value: ms, unit: 'ms', vs: ratio(ms, du, 'du -sb'), note },
        { name: `intake.${where}.walk.${name}.main-thread`, value: mainMs, unit: 'ms', vs: ratio(mainMs, ms, 'its wall time'), note: 'main-thread busy time during the walk' },
      ];
    };
    ctx.log(`intake.${where}: walks, median of ${REPS}: du -sb ${du.toFixed(0)} ms`);
    return [
      { name: `intake.${where}.walk.du`, value: du, unit: 'ms', vs: null, note: `du -sb over the ${FILES}-file project; median of ${REPS}` },
      ...line('async', (r) => r.here, 'folderBytes on the main thread: a promise, a thread-pool round trip and a Stats object per file (before round 8)'),
      ...line('worker', (r) => r.worker, "the runner's walk: synchronous calls in a worker thread (FolderWalker)"),
    ];
  } finally {
    await walker.close();
  }
}

const copyThreads = (): number => Math.min(MAX_COPY_THREADS, availableParallelism());

/**
 * Starts the copy threads before anything is timed, as an app that has run once has them: from the sources each
 * thread loads through tsx (~300 ms on this machine, loaded), the built app's in ~20–90 ms, once per process.
 */
async function warmCopyThreads(): Promise<void> {
  await withTempDir('intake-warm', async (dir) => {
    const src = join(dir, 'project');
    await generateProject(src, 200, 200 * 1024);
    const project = await openProject(src, { limits: IntakeLimitsSchema.parse({}), stagingDir: join(dir, 'staging') });
    await copyProject(project, join(dir, 'copy', 'input'));
  });
}

export const intake: Benchmark = {
  name: 'intake',
  title: 'Intake: scan + copy of 20,000 files / 200 MB vs cp -r',
  async run(ctx: BenchContext): Promise<Summary[]> {
    await warmCopyThreads();
    const out = await measure(ctx, 'disk', tmpdir());
    // On a memory file system the disk drops out: what is left is the work each tool does per file.
    const memory = await memoryTempBase();
    if (memory !== tmpdir()) out.push(...(await measure(ctx, 'memory', memory)));
    return out;
  },
};
