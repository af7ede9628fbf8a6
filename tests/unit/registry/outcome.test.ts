import { describe, expect, it } from 'vitest';
import { judgeRun, PROBLEMS_STATUS, type RunFacts } from '../../../main/registry/diagnostics/outcome';
import type { Diagnostic } from '../../../shared/diagnostics';
import { BUILTIN_TOOLS, type EngineDef } from '../../../shared/tools';

const engineOf = (toolId: string, engineId: string): EngineDef => {
  const e = BUILTIN_TOOLS.find((t) => t.id === toolId)?.execution.engines.find((x) => x.id === engineId);
  if (!e) throw new Error(`${toolId}/${engineId} not in the catalogue`);
  return e;
};
const SHELLCHECK = engineOf('bash-verification', 'shellcheck');
const CPPTOC = engineOf('cpp-to-c-transpiler', 'cpptoc');
const d = (severity: Diagnostic['severity'], file = 'a.sh'): Diagnostic => ({ file, line: 1, column: 1, severity, code: 'X', message: 'm' });

const facts = (over: Partial<RunFacts>): RunFacts => ({
  engineName: 'ShellCheck',
  engine: SHELLCHECK,
  runnerStatus: 'completed',
  runnerMessage: 'The tool finished without problems.',
  stopped: false,
  exitCode: 0,
  signal: null,
  diagnostics: [],
  parseProblem: null,
  crash: null,
  lastStderr: null,
  filesProduced: [],
  ...over,
});

describe('judgeRun: one place for status and sentence', () => {
  it('clean, findings, and an exit code the engine never uses for findings', () => {
    expect(judgeRun(facts({}))).toMatchObject({ status: 'completed', message: 'ShellCheck finished and found no problems.' });
    expect(judgeRun(facts({ runnerStatus: 'failed', exitCode: 1, diagnostics: [d('warning'), d('info'), d('info')] }))).toMatchObject({
      status: PROBLEMS_STATUS,
      message: 'ShellCheck found 3 problems (1 warning, 2 notes).',
      counts: { error: 0, warning: 1, info: 2 },
    });
    expect(judgeRun(facts({ runnerStatus: 'failed', exitCode: 2, lastStderr: 'nope.sh: openBinaryFile: does not exist (No such file or directory)' }))).toMatchObject({
      status: 'failed',
      message: 'ShellCheck failed with exit code 2: nope.sh: openBinaryFile: does not exist (No such file or directory).',
    });
  });

  it('a findings exit with nothing readable is not "no problems"', () => {
    const v = judgeRun(facts({ runnerStatus: 'failed', exitCode: 1, parseProblem: "ShellCheck's report is not valid JSON (x); 0 findings before that were read" }));
    expect(v.status).toBe('failed');
    expect(v.message).toMatch(/^ShellCheck exited with code 1, which means it found problems, but none could be read from its output \(ShellCheck's report is not valid JSON/);
    expect(v.diagnosticsProblem).toMatch(/not valid JSON/);
  });

  it('crashes: a crash signal, 128 + signal, a banner', () => {
    expect(judgeRun(facts({ runnerStatus: 'failed', exitCode: null, signal: 'SIGSEGV' })).message).toBe(
      'ShellCheck crashed (segmentation fault, SIGSEGV) — this is a bug in the engine; the log has its last lines.',
    );
    expect(judgeRun(facts({ engineName: 'cpptoc', engine: CPPTOC, runnerStatus: 'failed', exitCode: 134 })).message).toBe(
      'cpptoc crashed (aborted, exit 134) while translating — this is a bug in the engine; the log has its last lines.',
    );
    const v = judgeRun(facts({ runnerStatus: 'failed', exitCode: 1, crash: { detail: 'Python traceback: KeyError: x' }, diagnostics: [d('warning')] }));
    expect(v).toMatchObject({ status: 'failed', diagnosticsProblem: 'the engine crashed, so these findings are incomplete' });
    expect(v.message).toBe('ShellCheck crashed (Python traceback: KeyError: x, exit 1) — this is a bug in the engine; the log has its last lines. The 1 problem it reported before crashing is shown; the check is incomplete.');
  });

  it('stopped by a limit or by the user: the runner’s words and what was found by then', () => {
    const v = judgeRun(facts({ runnerStatus: 'output-limit', stopped: true, runnerMessage: 'The tool wrote more than 50 MB of output and was stopped.', exitCode: null, signal: 'SIGTERM', diagnostics: [d('error')] }));
    expect(v).toMatchObject({ status: 'output-limit', message: 'The tool wrote more than 50 MB of output and was stopped. The 1 problem it reported before then is shown.' });
    expect(v.diagnosticsProblem).toMatch(/incomplete/);
    // a process limit ends as 'failed' with a signal: not a crash
    const p = judgeRun(facts({ runnerStatus: 'failed', stopped: true, runnerMessage: 'The tool started more than 100 processes and was stopped.', exitCode: 1, diagnostics: [] }));
    expect(p).toMatchObject({ status: 'failed', message: 'The tool started more than 100 processes and was stopped. No problems had been reported by then.' });
  });

  it('transpilers: errors on exit 0, empty outputs, warnings only', () => {
    const cpp = (over: Partial<RunFacts>) => facts({ engineName: 'cpptoc', engine: CPPTOC, ...over });
    const files = (...sizes: number[]) => sizes.map((size, i) => ({ path: `output/f${i}.c`, size, origin: 'output' as const }));
    expect(judgeRun(cpp({ diagnostics: [d('error', 'main.cpp'), d('error', 'main.cpp')], filesProduced: files(10, 10) }))).toMatchObject({
      status: PROBLEMS_STATUS,
      message: 'cpptoc reported 2 errors in main.cpp.',
    });
    expect(judgeRun(cpp({ diagnostics: [d('error', 'a.cpp'), d('error', 'b.cpp'), d('error', 'c.cpp')], filesProduced: files(0, 0) })).message).toBe(
      'cpptoc reported 3 errors in 3 files. It wrote 2 files, both empty.',
    );
    expect(judgeRun(cpp({ filesProduced: files(0, 0) }))).toMatchObject({ status: 'failed', message: 'cpptoc wrote 2 files, both empty.' });
    expect(judgeRun(cpp({ filesProduced: [] }))).toMatchObject({ status: 'failed', message: 'cpptoc wrote no files.' });
    expect(judgeRun(cpp({ diagnostics: [d('warning', 'main.cpp')], filesProduced: files(0, 12) }))).toMatchObject({ status: 'completed', message: 'cpptoc finished with 1 warning.' });
  });

  it('transpilers: files with no code (only #pragma once / #include, as the real cpptoc 2.21.0 writes) are no translation', () => {
    const cpp = (over: Partial<RunFacts>) => facts({ engineName: 'cpptoc', engine: CPPTOC, ...over });
    const files = (...sizes: number[]) => sizes.map((size, i) => ({ path: `output/f${i}.c`, size, origin: 'output' as const }));
    expect(judgeRun(cpp({ filesProduced: files(14), hollowFiles: new Set(['output/f0.c']) })).message).toBe(
      'cpptoc wrote 1 file with no code in it (only #pragma once, #include lines or nothing).',
    );
    expect(judgeRun(cpp({ filesProduced: files(14, 0, 19), hollowFiles: new Set(['output/f0.c', 'output/f2.c']) }))).toMatchObject({
      status: 'failed',
      message: 'cpptoc wrote 3 files with no code in them (only #pragma once, #include lines or nothing).',
    });
    // One file with code is a translation; and only transpilers are judged on what they wrote.
    expect(judgeRun(cpp({ filesProduced: files(14, 90), hollowFiles: new Set(['output/f0.c']) }))).toMatchObject({ status: 'completed' });
    expect(judgeRun(facts({ filesProduced: files(14), hollowFiles: new Set(['output/f0.c']) }))).toMatchObject({ status: 'completed' });
  });

  it('plain-text engines: the exit code alone', () => {
    expect(judgeRun(facts({ diagnostics: null }))).toMatchObject({ status: 'completed', message: 'The tool finished without problems.', counts: null });
    expect(judgeRun(facts({ diagnostics: null, runnerStatus: 'failed', exitCode: 1 }))).toMatchObject({
      status: PROBLEMS_STATUS,
      message: 'ShellCheck reported problems (exit code 1); its output is in the log.',
    });
  });
});
