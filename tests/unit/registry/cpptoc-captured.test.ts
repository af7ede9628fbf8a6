import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFindings } from '../../../main/registry/diagnostics';
import { CrashWatch } from '../../../main/registry/diagnostics/crash-signs';
import { hollowFiles } from '../../../main/registry/diagnostics/hollow-output';
import { judgeRun, PROBLEMS_STATUS, type RunFacts } from '../../../main/registry/diagnostics/outcome';
import { parseVersion } from '../../../main/registry/probe';
import { chatterMatcher } from '../../../renderer/features/console/chatter';
import type { Diagnostic } from '../../../shared/diagnostics';
import type { ProducedFile } from '../../../shared/jobs';
import { BUILTIN_TOOLS } from '../../../shared/tools';
import { ROOT } from '../../support/services';

// Output CAPTURED FROM THE REAL cpptoc 2.21.0 (see tests/fixtures/captured/cpptoc/README.md for the build, the date
// and the exact command), not hand-written: the parsers, the crash watch, the chatter filter and the verdict must
// read what the engine really prints.
const CAPTURED = path.join(ROOT, 'tests/fixtures/captured/cpptoc');
/** The --source-dir each case was captured with (paths in its output are absolute under it). */
const inputOf = (c: string) => `/tmp/hapyy-capture/${c}/input`;
const text = (c: string, file: string) => readFile(path.join(CAPTURED, c, file), 'utf8');

const tool = BUILTIN_TOOLS.find((t) => t.id === 'cpp-to-c-transpiler');
const CPPTOC = tool?.execution.engines.find((e) => e.id === 'cpptoc');
if (!tool || !CPPTOC) throw new Error('cpptoc is not in the catalogue');

/** files.txt: `<path under output/> <size>` per line, as the capture listed them. */
async function produced(c: string): Promise<ProducedFile[]> {
  return (await text(c, 'files.txt'))
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [p, size] = l.split(' ');
      return { path: `output/${p}`, size: Number(size), origin: 'output' as const };
    });
}

/** What Hapyy concludes from one captured run: its stderr read as cpptoc's findings, both streams watched. */
async function verdictOf(c: string, stdout: string, stderr: string) {
  const exitCode = Number((await text(c, 'exit-code.txt')).trim());
  const { diagnostics, problem } = parseFindings('clang', inputOf(c), { stderr }, 'stderr');
  const watch = new CrashWatch();
  watch.write(stdout, 'stdout');
  watch.write(stderr, 'stderr');
  watch.end();
  const filesProduced = await produced(c);
  const facts: RunFacts = {
    engineName: 'cpptoc',
    engine: CPPTOC as NonNullable<typeof CPPTOC>,
    runnerStatus: exitCode === 0 ? 'completed' : 'failed',
    runnerMessage: exitCode === 0 ? 'The tool finished without problems.' : `The tool exited with code ${exitCode}.`,
    stopped: false,
    exitCode,
    signal: null,
    diagnostics,
    parseProblem: problem,
    crash: watch.crash(),
    lastStderr: watch.lastStderr(),
    filesProduced,
    hollowFiles: await hollowFiles(path.join(CAPTURED, c), filesProduced),
  };
  return { exitCode, diagnostics, crash: facts.crash, verdict: judgeRun(facts) };
}

describe('real cpptoc output (captured): findings, crashes and verdicts', () => {
  it('--version prints LLVM’s version after two [DEBUG] lines; detection takes 19.1.7', async () => {
    expect(parseVersion(await text('.', 'version.txt'))).toBe('19.1.7');
  });

  it('two syntax errors: clang’s lines on stderr are 2 errors at their places; exit 0 is still "reported 2 errors"', async () => {
    const stderr = await text('syntax', 'stderr.txt');
    const { exitCode, diagnostics, verdict } = await verdictOf('syntax', await text('syntax', 'stdout.excerpt.txt'), stderr);
    expect(exitCode).toBe(0);
    expect(diagnostics).toEqual<Diagnostic[]>([
      { file: 'main.cpp', line: 1, column: 32, severity: 'error', engineSeverity: 'error', code: '', message: "expected ';' after return statement" },
      { file: 'main.cpp', line: 4, column: 19, severity: 'error', engineSeverity: 'error', code: '', message: "expected ';' at end of declaration" },
    ]);
    // The source excerpt, caret and fix-it lines, "2 errors generated." and "Error while processing …" are not findings.
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(10);
    expect(verdict.status).toBe(PROBLEMS_STATUS);
    expect(verdict.message).toBe('cpptoc reported 2 errors in main.cpp. It wrote 2 files with no code in them (only #pragma once, #include lines or nothing).');
  });

  it('a clean project: no findings, exit 0 — but 2.21.0 wrote four files without code, so it is not a success', async () => {
    const { exitCode, diagnostics, crash, verdict } = await verdictOf('clean', await text('clean', 'stdout.excerpt.txt'), await text('clean', 'stderr.txt'));
    expect(exitCode).toBe(0);
    expect(diagnostics).toEqual([]);
    expect(crash).toBeNull();
    expect(verdict).toMatchObject({ status: 'failed', message: 'cpptoc wrote 4 files with no code in them (only #pragma once, #include lines or nothing).' });
  });

  it('an unsupported feature (a lambda): silent on stderr, exit 0, nothing translated', async () => {
    const { exitCode, diagnostics, verdict } = await verdictOf('unsupported', await text('unsupported', 'stdout.excerpt.txt'), await text('unsupported', 'stderr.txt'));
    expect(exitCode).toBe(0);
    expect(diagnostics).toEqual([]);
    expect(verdict).toMatchObject({ status: 'failed', message: 'cpptoc wrote 2 files with no code in them (only #pragma once, #include lines or nothing).' });
  });

  it('third-party code (googletest’s samples, Debian): its own `[Handler] ERROR:` lines are not clang findings', async () => {
    const stderr = await text('gtest-samples', 'stderr.txt');
    expect(stderr).toContain('[IfStmtHandler] ERROR: Then branch not handled');
    const { exitCode, diagnostics, verdict } = await verdictOf('gtest-samples', await text('gtest-samples', 'stdout.excerpt.txt'), stderr);
    expect(exitCode).toBe(0);
    expect(diagnostics).toEqual([]);
    expect(verdict).toMatchObject({ status: 'failed', message: 'cpptoc wrote 6 files with no code in them (only #pragma once, #include lines or nothing).' });
  });

  it('a crash (std::vector): the backtrace and `!!! CRITICAL: Exiting due to segfault !!!`, exit 139', async () => {
    const { exitCode, crash, verdict } = await verdictOf('stl', await text('stl', 'stdout.excerpt.txt'), await text('stl', 'stderr.excerpt.txt'));
    expect(exitCode).toBe(139);
    expect(crash).toEqual({ detail: 'exiting due to segfault' });
    expect(verdict).toMatchObject({
      status: 'failed',
      message: 'cpptoc crashed (segmentation fault, exit 139) while translating — this is a bug in the engine; the log has its last lines.',
    });
  });

  it('no C++ sources: exit 1 and its warning, quoted', async () => {
    const { verdict } = await verdictOf('nosources', await text('nosources', 'stdout.txt'), await text('nosources', 'stderr.txt'));
    expect(verdict).toMatchObject({
      status: 'failed',
      message: `cpptoc failed with exit code 1: Warning: No C++ source files (.cpp, .cxx, .cc) found in ${inputOf('nosources')}.`,
    });
  });
});

describe('real cpptoc output (captured): what it wrote', () => {
  it('every file it wrote holds only `#pragma once` or one `#include` line', async () => {
    for (const c of ['clean', 'syntax', 'unsupported', 'gtest-samples']) {
      const files = await produced(c);
      expect(files.length).toBeGreaterThan(0);
      expect([...(await hollowFiles(path.join(CAPTURED, c), files))].sort()).toEqual(files.map((f) => f.path).sort());
    }
    expect(await text('syntax', 'output/main.h')).toBe('#pragma once\n\n');
    expect(await text('syntax', 'output/main.c')).toBe('#include "main.h"\n\n');
  });
});

describe('real cpptoc output (captured): the console’s chatter filter', () => {
  const status = { tool: tool, available: true, engine: null, lookedFor: [], install: [] };
  const hides = chatterMatcher([status], 'cpp-to-c-transpiler', 'cpptoc');
  const at = (stream: 'stdout' | 'stderr', t: string, seq: number) => ({ seq, stream, text: t, ts: seq });
  // cpptoc's own summary lines; everything else on its stdout is chatter.
  const SUMMARY = [/^Auto-discovering C\+\+ source files in: \//, /^Discovered \d+ file\(s\) for transpilation$/, /^Generated files:$/, /^ {2}\/\S+\.[ch]$/, /^$/, /^Transpilation completed successfully\. Generated \d+ file pair\(s\)\.$/];

  it('hides the [Tag] lines, JSON events and Input/Rel/Output details; keeps its summary lines', async () => {
    expect(hides).not.toBeNull();
    const match = hides as NonNullable<typeof hides>;
    for (const [c, file] of [['clean', 'stdout.excerpt.txt'], ['unsupported', 'stdout.excerpt.txt'], ['nosources', 'stdout.txt'], ['stl', 'stdout.excerpt.txt']] as const) {
      const lines = (await text(c, file)).split('\n').slice(0, -1);
      const shown = lines.filter((l, i) => !match(at('stdout', l, i)));
      for (const l of shown) expect(SUMMARY.some((p) => p.test(l)), `${c}: "${l}" should be hidden`).toBe(true);
      const hidden = lines.filter((l, i) => match(at('stdout', l, i)));
      for (const l of hidden) expect(SUMMARY.some((p) => p.test(l)), `${c}: "${l}" should stay visible`).toBe(false);
      expect(hidden.length).toBeGreaterThan(0);
    }
    const clean = (await text('clean', 'stdout.excerpt.txt')).split('\n');
    expect(clean.filter((l, i) => match(at('stdout', l, i))).length).toBeGreaterThan(45);
    expect(clean.some((l) => l.startsWith('{"event":"create_CTU"'))).toBe(true);
  });

  it('never hides stderr: clang’s errors and cpptoc’s `[Handler] ERROR:` lines stay in view', async () => {
    const match = hides as NonNullable<typeof hides>;
    const lines = [...(await text('syntax', 'stderr.txt')).split('\n'), ...(await text('gtest-samples', 'stderr.txt')).split('\n')];
    expect(lines.filter((l, i) => match(at('stderr', l, i)))).toEqual([]);
  });
});
