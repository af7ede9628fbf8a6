import { rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { IntakeLimitsSchema } from '../shared/settings';
import { copyProject, openProject } from '../main/intake';
import { MAX_COPY_THREADS } from '../main/intake/copy-pool';
import { generateProject } from './lib/project-gen';
import { median, repeat } from './lib/stats';
import { ratio, type Summary } from './lib/summary';
import type { Benchmark, BenchContext } from './lib/suite';
import { memoryTempBase, withTempDir } from './lib/temp';

const FILES = 20_000;
const BYTES = 200 * 1024 * 1024;
const REPS = 3;

/** Writes earlier copies left dirty in the page cache back to disk first, so one measurement does not pay for another's. */
const settle = async (): Promise<void> => {
  await execa('sync');
};

async function ours(src: string, dest: string, staging: string): Promise<{ ms: number; scanMs: number; copyMs: number }> {
  await settle();
  const t0 = performance.now();
  const project = await openProject(src, { limits: IntakeLimitsSchema.parse({}), stagingDir: staging });
  const scanMs = performance.now() - t0;
  const manifest = await copyProject(project, dest);
  const ms = performance.now() - t0;
  if (manifest.files.length !== FILES || manifest.bytes !== BYTES) {
    throw new Error(`intake: copied ${manifest.files.length} files / ${manifest.bytes} bytes, expected ${FILES} / ${BYTES}`);
  }
  return { ms, scanMs, copyMs: ms - scanMs };
}

async function cpR(src: string, dest: string): Promise<number> {
  await settle();
  const t0 = performance.now();
  await execa('cp', ['-r', src, dest]);
  return performance.now() - t0;
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
        const runBase = () => cpR(src, join(dir, `cp-${i}`));
        const runOurs = () => ours(src, join(dir, `copy-${i}`, 'input'), join(dir, 'staging'));
        let base: number;
        let mine: Awaited<ReturnType<typeof runOurs>>;
        if (i % 2 === 0) {
          base = await runBase();
          mine = await runOurs();
        } else {
          mine = await runOurs();
          base = await runBase();
        }
        ctx.log(`intake.${where}: rep ${i + 1}/${REPS}: cp -r ${(base / 1000).toFixed(2)} s; scan ${(mine.scanMs / 1000).toFixed(2)} s + copy ${((mine.ms - mine.scanMs) / 1000).toFixed(2)} s`);
        await rm(join(dir, `cp-${i}`), { recursive: true, force: true });
        await rm(join(dir, `copy-${i}`), { recursive: true, force: true });
        return { base, ...mine };
      });
      const baseMs = median(results.map((r) => r.base));
      const mine = median(results.map((r) => r.ms));
      const scan = median(results.map((r) => r.scanMs));
      const copy = median(results.map((r) => r.copyMs));
      const reps = (f: (r: (typeof results)[number]) => number) => results.map((r) => (f(r) / 1000).toFixed(2)).join(', ');
      return [
        { name: `intake.${where}.cp-r`, value: baseMs / 1000, unit: 's', vs: null, note: `${FILES} files, ${BYTES / 1024 ** 2} MB under ${base}, warm page cache, sync before each; median of ${REPS} (${reps((r) => r.base)} s)` },
        {
          name: `intake.${where}.scan-copy`,
          value: mine / 1000,
          unit: 's',
          vs: ratio(mine, baseMs, 'cp -r'),
          target: { text: '≤ 1.5× cp -r', met: mine <= 1.5 * baseMs },
          note: `openProject (scan against the limits, synchronous fs calls in 8 ms slices on the main thread) + copyProject (${copyThreads()} copy threads; each file checked and copied through its open descriptor, mode and mtime kept, manifest from fstat and the times set); median of ${REPS} (${reps((r) => r.ms)} s)`,
        },
        { name: `intake.${where}.scan`, value: scan / 1000, unit: 's', vs: ratio(scan, baseMs, 'cp -r'), note: 'the scan alone' },
        {
          name: `intake.${where}.copy`,
          value: copy / 1000,
          unit: 's',
          vs: ratio(copy, baseMs, 'cp -r'),
          note: `the copy alone, the same work as cp -r plus the check of each opened file, its mode and times, and the manifest; median of ${REPS} (${reps((r) => r.copyMs)} s)`,
        },
      ];
    },
    base,
  );
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
