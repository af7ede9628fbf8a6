import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fdir } from 'fdir';
import { AppError } from '../../shared/errors';
import type { EngineDef } from '../../shared/tools';
import { reportPathFor } from './diagnostics/report-path';

const FILES = /^\{files:([^}]*)\}$/;
const SKIP_DIRS = new Set(['node_modules', '.git']);

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** The first variant whose file exists at the input's root, else the first unconditional one. */
export async function pickVariant(engine: EngineDef, inputDir: string): Promise<string[]> {
  for (const v of engine.argVariants) {
    if (v.whenFileExists === undefined) return v.args;
    const target = path.resolve(inputDir, v.whenFileExists);
    const rel = path.relative(inputDir, target);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (await exists(target)) return v.args;
  }
  throw new AppError('internal', `Engine ${engine.id} has no argument variant for this project.`);
}

/**
 * Files under inputDir with one of the extensions (case-insensitive), relative with forward slashes, sorted by
 * code unit for a stable order. node_modules and .git are skipped; a name starting with `-` gets `./` so the
 * engine cannot read it as an option.
 */
export async function listFiles(inputDir: string, extensions: string[]): Promise<string[]> {
  const exts = extensions.map((e) => e.trim().toLowerCase()).filter(Boolean);
  const files = await new fdir()
    .withRelativePaths()
    .exclude((dirName) => SKIP_DIRS.has(dirName))
    .filter((file) => exts.some((e) => file.toLowerCase().endsWith(e)))
    .crawl(inputDir)
    .withPromise();
  return files
    .map((f) => f.split(path.sep).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((f) => (f.startsWith('-') ? `./${f}` : f));
}

/**
 * The engine's arguments for one run: picks the variant, then expands `{input}`, `{output}` and `{report}`
 * (anywhere in an argument) and `{files:.a,.b}` (a whole argument, into one argument per file, relative to
 * inputDir — so the runner spawns with cwd = inputDir). `reportFile` defaults to `tmp/hapyy-report/findings` in
 * the run folder (the parent of outputDir).
 */
export async function buildArgs(engine: EngineDef, inputDir: string, outputDir: string, reportFile?: string): Promise<string[]> {
  return (await expandArgs(engine, inputDir, outputDir, reportFile)).args;
}

/** buildArgs, and whether the arguments name the report file (then findings are read from it). */
export async function expandArgs(
  engine: EngineDef,
  inputDir: string,
  outputDir: string,
  reportFile: string = reportPathFor(path.dirname(outputDir)),
): Promise<{ args: string[]; reportUsed: boolean }> {
  const template = await pickVariant(engine, inputDir);
  const reportUsed = template.some((a) => a.includes('{report}'));
  const out: string[] = [];
  for (const arg of template) {
    const files = FILES.exec(arg);
    if (files) {
      out.push(...(await listFiles(inputDir, (files[1] ?? '').split(','))));
      continue;
    }
    // Replacer functions: a `$` in a folder name must not read as a replacement pattern.
    out.push(
      arg
        .replaceAll('{input}', () => inputDir)
        .replaceAll('{output}', () => outputDir)
        .replaceAll('{report}', () => reportFile),
    );
  }
  return { args: out, reportUsed };
}
