import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../shared/diagnostics';
import type { JobRecord, ProducedFile } from '../../shared/jobs';
import { JobRecordSchema } from '../../shared/wire/jobs';
import { mulberry32 } from './prng';

export interface CompareFixture {
  a: { runDir: string; record: JobRecord; diagnostics: Diagnostic[] };
  b: { runDir: string; record: JobRecord; diagnostics: Diagnostic[] };
  /** What the generator did, to check the compare's answer against. */
  expected: { fixed: number; added: number; moved: number };
}

const LINES_PER_FILE = 40;

/**
 * Two runs of one project as the runner leaves them, at a given size: `files` source files in input/ with
 * `problems` findings over them, `files` produced files in output/. Run B: 5 % of the findings fixed (their line
 * edited), 5 % new ones, 10 % of the files with two lines inserted at the top (their findings move), 10 % of the
 * produced files changed, 1 % removed, 1 % added.
 */
export async function makeCompareRuns(runsDir: string, size: { files: number; problems: number }, seed = 7): Promise<CompareFixture> {
  const rand = mulberry32(seed);
  const perFile = Math.ceil(size.problems / size.files);
  const fileName = (i: number) => `src/m${Math.floor(i / 500)}/f${i}.sh`;
  const sources: string[][] = [];
  const diagsA: Diagnostic[] = [];
  for (let f = 0; f < size.files; f += 1) {
    const lines = Array.from({ length: LINES_PER_FILE }, (_, l) => `echo $v${f}_${l} # line ${l}`);
    sources.push(lines);
    for (let k = 0; k < perFile && diagsA.length < size.problems; k += 1) {
      const line = 1 + ((k * 7) % LINES_PER_FILE);
      diagsA.push({ file: fileName(f), line, column: 6, severity: 'info', code: 'SC2086', message: 'Double quote to prevent globbing and word splitting.' });
    }
  }
  // Run B's sources and findings.
  const shifted = new Set<number>();
  for (let f = 0; f < size.files; f += 1) if (rand() < 0.1) shifted.add(f);
  const fixedLines = new Set<string>();
  let fixed = 0;
  let moved = 0;
  const diagsB: Diagnostic[] = [];
  const sourcesB = sources.map((lines) => [...lines]);
  for (const d of diagsA) {
    const f = Number(/f(\d+)\.sh$/.exec(d.file)?.[1]);
    if (rand() < 0.05) {
      fixed += 1;
      fixedLines.add(`${f}:${d.line}`);
      (sourcesB[f] as string[])[d.line - 1] = `echo "$v${f}_${d.line - 1}" # fixed`;
      continue;
    }
    const shift = shifted.has(f) ? 2 : 0;
    if (shift) moved += 1;
    diagsB.push({ ...d, line: d.line + shift });
  }
  let added = 0;
  for (let f = 0; f < size.files && added < Math.round(size.problems * 0.05); f += 1) {
    if (rand() >= 0.05 * perFile) continue;
    const l = LINES_PER_FILE; // a new last line with a new finding
    (sourcesB[f] as string[]).push(`rm $new${f}`);
    diagsB.push({ file: fileName(f), line: l + 1 + (shifted.has(f) ? 2 : 0), column: 4, severity: 'info', code: 'SC2086', message: 'Double quote to prevent globbing and word splitting.' });
    added += 1;
  }
  for (const f of shifted) (sourcesB[f] as string[]).unshift('#!/bin/bash', '# two lines added');

  const write = async (jobId: string, src: string[][], diags: Diagnostic[], outputs: Map<string, string>, queuedAt: number) => {
    const runDir = join(runsDir, jobId);
    const dirs = new Set<string>();
    for (let f = 0; f < src.length; f += 1) dirs.add(join(runDir, 'input', fileName(f), '..'));
    for (const p of outputs.keys()) dirs.add(join(runDir, p, '..'));
    for (const d of dirs) await mkdir(d, { recursive: true });
    await inBatches(src.map((lines, f) => () => writeFile(join(runDir, 'input', fileName(f)), `${lines.join('\n')}\n`)));
    await inBatches([...outputs].map(([p, text]) => () => writeFile(join(runDir, p), text)));
    const filesProduced: ProducedFile[] = [...outputs].map(([p, text]) => ({ path: p, size: Buffer.byteLength(text), origin: 'output' }));
    const record = JobRecordSchema.parse({
      jobId, clientId: 'bench:gone', toolId: 'bash-verification', toolName: 'Bash Verification',
      project: { name: 'big', source: '/bench/big', kind: 'folder' }, priority: 'batch', status: 'failed',
      engine: { id: 'shellcheck', name: 'ShellCheck', version: '0.9.0', path: '/usr/bin/shellcheck' }, timeoutSec: 60,
      queuedAt, startedAt: queuedAt, finishedAt: queuedAt + 1000, durationMs: 1000, exitCode: 1, signal: null,
      outputLines: 0, outputBytes: 0, truncated: false, filesProduced,
      diagnostics: { error: 0, warning: 0, info: diags.length }, peakMemoryBytes: null, protections: [],
      message: `The tool found ${diags.length} problems.`, systemError: null, rerunOf: null,
    });
    await writeFile(join(runDir, 'run.json'), JSON.stringify(record));
    await writeFile(join(runDir, 'diagnostics.json'), JSON.stringify(diags));
    await writeFile(join(runDir, 'run.log'), '');
    return { runDir, record, diagnostics: diags };
  };
  const outA = new Map<string, string>();
  for (let i = 0; i < size.files; i += 1) outA.set(`output/report/r${Math.floor(i / 500)}/o${i}.txt`, `report ${i}\nvalue ${i * 3}\n`);
  const outB = new Map<string, string>();
  for (const [p, text] of outA) {
    const x = rand();
    if (x < 0.01) continue; // removed
    outB.set(p, x < 0.11 ? text.replace('value', 'VALUE') : text);
  }
  for (let i = 0; i < size.files / 100; i += 1) outB.set(`output/extra/e${i}.txt`, `extra ${i}\n`);

  // Recent times: the store's retention would delete runs that look days old when the app starts.
  const now = Date.now();
  const a = await write('bench-compare-a', sources, diagsA, outA, now - 120_000);
  const b = await write('bench-compare-b', sourcesB, diagsB, outB, now - 60_000);
  return { a, b, expected: { fixed, added, moved } };
}

async function inBatches(tasks: (() => Promise<unknown>)[], n = 32): Promise<void> {
  for (let i = 0; i < tasks.length; i += n) await Promise.all(tasks.slice(i, i + n).map((t) => t()));
}
