import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { IntakeLimitsSchema } from '../shared/settings';
import { copyProject, openProject } from '../main/intake';
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

async function ours(src: string, dest: string, staging: string): Promise<{ ms: number; scanMs: number }> {
  await settle();
  const t0 = performance.now();
  const project = await openProject(src, { limits: IntakeLimitsSchema.parse({}), stagingDir: staging });
  const scanMs = performance.now() - t0;
  const manifest = await copyProject(project, dest);
  const ms = performance.now() - t0;
  if (manifest.files.length !== FILES || manifest.bytes !== BYTES) {
    throw new Error(`intake: copied ${manifest.files.length} files / ${manifest.bytes} bytes, expected ${FILES} / ${BYTES}`);
  }
  return { ms, scanMs };
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
      const reps = (f: (r: (typeof results)[number]) => number) => results.map((r) => (f(r) / 1000).toFixed(2)).join(', ');
      return [
        { name: `intake.${where}.cp-r`, value: baseMs / 1000, unit: 's', vs: null, note: `${FILES} files, ${BYTES / 1024 ** 2} MB under ${base}, warm page cache, sync before each; median of ${REPS} (${reps((r) => r.base)} s)` },
        {
          name: `intake.${where}.scan-copy`,
          value: mine / 1000,
          unit: 's',
          vs: ratio(mine, baseMs, 'cp -r'),
          target: { text: '≤ 1.5× cp -r', met: mine <= 1.5 * baseMs },
          note: `openProject (scan against the limits) + copyProject (each file checked and copied through its open descriptor, mode and mtime kept, manifest from fstat and the times set); synchronous fs calls in 8 ms slices, so the libuv pool (${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}) carries only files over 1 MiB; median of ${REPS} (${reps((r) => r.ms)} s)`,
        },
        { name: `intake.${where}.scan`, value: scan / 1000, unit: 's', vs: ratio(scan, baseMs, 'cp -r'), note: 'the scan alone' },
      ];
    },
    base,
  );
}

export const intake: Benchmark = {
  name: 'intake',
  title: 'Intake: scan + copy of 20,000 files / 200 MB vs cp -r',
  async run(ctx: BenchContext): Promise<Summary[]> {
    const out = await measure(ctx, 'disk', tmpdir());
    // On a memory file system the disk drops out: what is left is the work each tool does per file.
    const memory = await memoryTempBase();
    if (memory !== tmpdir()) out.push(...(await measure(ctx, 'memory', memory)));
    return out;
  },
};
