import { isUtf8 } from 'node:buffer';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { scriptShell } from '../../shared/shell-scripts';
import { DEFAULT_CPP_STANDARD } from '../../shared/settings';
import type { EngineDef } from '../../shared/tools';
import { readScriptHead } from '../intake/script-head';
import { reportPathFor } from './diagnostics/report-path';

/** `{files:.sh,.bash}` or `{files:.sh,.bash;shebang=sh,bash}` (also files whose first line runs one of those shells). */
const FILES = /^\{files:([^};]*)(?:;shebang=([^}]*))?\}$/;
const SKIP_DIRS = new Set(['node_modules', '.git']);

/**
 * One argument: a string, or the exact bytes of a file name that is not valid UTF-8 (Linux allows any bytes but `/`
 * and NUL; a JS string would turn them into U+FFFD and the engine would be told of a file that does not exist).
 */
export type Arg = string | Buffer;

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

/** Every regular file below root as exact relative bytes (forward slashes), skipping node_modules and .git. */
async function crawl(root: string): Promise<Buffer[]> {
  const found: Buffer[] = [];
  const stack: Buffer[] = [Buffer.alloc(0)];
  const rootBytes = Buffer.from(root);
  const abs = (rel: Buffer): Buffer => (rel.length === 0 ? rootBytes : Buffer.concat([rootBytes, Buffer.from('/'), rel]));
  while (stack.length > 0) {
    const rel = stack.pop() as Buffer;
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(abs(rel), { encoding: 'buffer', withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of entries) {
      const child = rel.length === 0 ? d.name : Buffer.concat([rel, Buffer.from('/'), d.name]);
      if (d.isDirectory()) {
        if (!SKIP_DIRS.has(d.name.toString())) stack.push(child);
      } else if (d.isFile()) {
        found.push(child);
      }
    }
  }
  return found;
}

/**
 * Files under inputDir with one of the extensions (case-insensitive) — and, when `shebangs` names shells, any other
 * file that says it is written for one of them (scriptShell) — relative with forward slashes, sorted by bytes for a stable order.
 * node_modules and .git are skipped; a name starting with `-` gets `./` so the engine cannot read it as an option.
 * Names that are not valid UTF-8 come back as their exact bytes.
 */
export async function listFiles(inputDir: string, extensions: string[], shebangs: string[] = []): Promise<Arg[]> {
  const exts = extensions.map((e) => e.trim().toLowerCase()).filter(Boolean);
  const shells = new Set(shebangs.map((s) => s.trim()).filter(Boolean));
  const picked: Buffer[] = [];
  for (const rel of await crawl(inputDir)) {
    const lower = rel.toString('latin1').toLowerCase();
    if (exts.some((e) => lower.endsWith(e))) {
      picked.push(rel);
    } else if (shells.size > 0) {
      const shell = scriptShell(await readScriptHead(Buffer.concat([Buffer.from(inputDir), Buffer.from('/'), rel])));
      if (shell !== null && shells.has(shell)) picked.push(rel);
    }
  }
  return picked
    .sort(Buffer.compare)
    .map((f) => (f[0] === 0x2d ? Buffer.concat([Buffer.from('./'), f]) : f))
    .map((f) => (isUtf8(f) ? f.toString() : f));
}

/**
 * The engine's arguments for one run: picks the variant, then expands `{input}`, `{output}` and `{report}`
 * (anywhere in an argument) and `{files:.a,.b}` / `{files:.a;shebang=sh,bash}` (a whole argument, into one argument
 * per file, relative to inputDir — so the runner spawns with cwd = inputDir). `reportFile` defaults to
 * `tmp/hapyy-report/findings` in the run folder (the parent of outputDir).
 */
export async function buildArgs(engine: EngineDef, inputDir: string, outputDir: string, reportFile?: string, vars: ArgVars = {}): Promise<Arg[]> {
  return (await expandArgs(engine, inputDir, outputDir, reportFile, vars)).args;
}

/** Values of the tool's settings its arguments may name: `{cppStandard}` (default C++17). */
export interface ArgVars {
  cppStandard?: string | undefined;
}

/** buildArgs, and whether the arguments name the report file (then findings are read from it). */
export async function expandArgs(
  engine: EngineDef,
  inputDir: string,
  outputDir: string,
  reportFile: string = reportPathFor(path.dirname(outputDir)),
  vars: ArgVars = {},
): Promise<{ args: Arg[]; reportUsed: boolean }> {
  const template = await pickVariant(engine, inputDir);
  const reportUsed = template.some((a) => a.includes('{report}'));
  const out: Arg[] = [];
  for (const arg of template) {
    const files = FILES.exec(arg);
    if (files) {
      out.push(...(await listFiles(inputDir, (files[1] ?? '').split(','), (files[2] ?? '').split(','))));
      continue;
    }
    // Replacer functions: a `$` in a folder name must not read as a replacement pattern.
    out.push(
      arg
        .replaceAll('{input}', () => inputDir)
        .replaceAll('{output}', () => outputDir)
        .replaceAll('{report}', () => reportFile)
        .replaceAll('{cppStandard}', () => vars.cppStandard ?? DEFAULT_CPP_STANDARD),
    );
  }
  return { args: out, reportUsed };
}
