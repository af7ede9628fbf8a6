import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEMS_STATUS } from '../../../main/registry/diagnostics/outcome';
import { EngineBench, STAND_INS } from './harness';

// The engine adapters end to end — registry detection, argument templates, working folder, the real runner in its
// sandbox, findings and the verdict — against stand-ins (tests/fixtures/engines, NOT the real engines) that
// reproduce the real CLIs' argument handling, streams and exit codes.
describe('cpptoc and cargo-verify adapters, through the real runner (stand-ins, not the real engines)', () => {
  const bench = new EngineBench();

  beforeAll(async () => {
    await bench.start({
      enginePaths: { 'cpp-to-c-transpiler': join(STAND_INS, 'cpptoc'), 'rust-verification': join(STAND_INS, 'cargo-verify') },
      customTools: [
        {
          id: 'slow-clang-tool',
          name: 'Slow tool',
          category: 'linter',
          sourceLanguage: 'c',
          command: join(STAND_INS, 'timeout-partial.sh'),
          args: [],
          timeoutSec: 2,
          diagnostics: 'clang',
        },
      ],
    });
  });
  afterAll(() => bench.stop());

  it('detects cpptoc by its --version (which prints LLVM’s version) and translates a clean project', async () => {
    const tools = await bench.call('tools:list', {});
    const cpp = tools.find((t) => t.tool.id === 'cpp-to-c-transpiler');
    expect(cpp?.engine).toMatchObject({ id: 'cpptoc', version: '19.1.7' });

    const folder = await bench.project({ 'main.cpp': 'int main() { return 0; }\n', 'lib/util.cc': 'int twice(int x) { return 2 * x; }\n' });
    const { record, diagnostics } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record).toMatchObject({ status: 'completed', exitCode: 0, message: 'cpptoc finished and found no problems.' });
    expect(diagnostics).toEqual([]);
    const written = record.filesProduced.filter((f) => f.origin === 'output').map((f) => f.path).sort();
    expect(written).toEqual(['output/lib/util.c', 'output/lib/util.h', 'output/main.c', 'output/main.h']);
    expect(record.filesProduced.every((f) => f.size > 0)).toBe(true);
    // The debug chatter (including lines starting with `{`) stays in the log and is not read as findings.
    const log = await readFile(join(bench.runDir(record.jobId), 'run.log'), 'utf8');
    expect(log).toContain('[DEBUG] About to call Tool.run()... (clang args: -std=c++17)');
    expect(log).toContain('{"event":"create_CTU"');
  });

  it('exit 0 with clang errors on stderr is "reported 2 errors in main.cpp", not success', async () => {
    const folder = await bench.project({ 'main.cpp': 'int main() {\n  int x = 1 STANDIN_ERROR\n  return x STANDIN_ERROR\n}\n' });
    const { record, diagnostics } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record.exitCode).toBe(0);
    expect(record.status).toBe(PROBLEMS_STATUS);
    expect(record.message).toBe('cpptoc reported 2 errors in main.cpp.');
    expect(diagnostics).toEqual([
      { file: 'main.cpp', line: 2, column: 13, severity: 'error', engineSeverity: 'error', code: '', message: "expected ';' after expression" },
      { file: 'main.cpp', line: 3, column: 12, severity: 'error', engineSeverity: 'error', code: '', message: "expected ';' after expression" },
    ]);
  });

  it('a crash (banner, exit 139) is the engine failing, not a result', async () => {
    const folder = await bench.project({ 'main.cpp': '// STANDIN_CRASH\nint main() { return 0; }\n' });
    const { record } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record).toMatchObject({ status: 'failed', exitCode: 139 });
    expect(record.message).toBe('cpptoc crashed (segmentation fault, exit 139) while translating — this is a bug in the engine; the log has its last lines.');
  });

  it('two empty files written is a failure that says so', async () => {
    const folder = await bench.project({ 'main.cpp': '// STANDIN_EMPTY\nint main() { return 0; }\n' });
    const { record } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record).toMatchObject({ status: 'failed', exitCode: 0, message: 'cpptoc wrote 2 files, both empty.' });
    expect(record.filesProduced.map((f) => f.size)).toEqual([0, 0]);
  });

  it('files holding only `#pragma once` / `#include` (what the real 2.21.0 writes) are no translation', async () => {
    const folder = await bench.project({ 'main.cpp': '// STANDIN_HOLLOW\nint main() { return 0; }\n' });
    const { record } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record).toMatchObject({
      status: 'failed',
      exitCode: 0,
      message: 'cpptoc wrote 2 files with no code in them (only #pragma once, #include lines or nothing).',
    });
    expect(record.filesProduced.map((f) => f.size).sort()).toEqual([14, 19]);
  });

  it('no C++ sources: exit 1 is a usage failure with cpptoc’s own words', async () => {
    const folder = await bench.project({ 'main.h': 'int f(void);\n' });
    const { record } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record.status).toBe('failed');
    expect(record.message).toMatch(/^cpptoc failed with exit code 1: Warning: No C\+\+ source files \(\.cpp, \.cxx, \.cc\) found in \/.*\/input\.$/);
  });

  it('rust-fv runs in the crate folder found by Cargo.toml; failed conditions are errors at their lines', async () => {
    const folder = await bench.project({
      'README.md': 'a workspace with the crate below\n',
      'crates/demo/Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\n',
      'crates/demo/src/lib.rs': 'pub fn add(a: u8, b: u8) -> u8 {\n    a + b // STANDIN_FAIL overflow\n}\n\npub fn id(a: u8) -> u8 {\n    a\n}\n',
    });
    const { record, diagnostics } = await bench.run('rust-verification', folder);
    expect(record.engine).toMatchObject({ id: 'rust-fv', version: '0.1.0' });
    expect(record.exitCode).toBe(1);
    expect(record.status).toBe(PROBLEMS_STATUS);
    expect(record.message).toBe('rust-fv (cargo-verify) found 1 problem (1 error).');
    expect(diagnostics).toEqual([
      { file: 'crates/demo/src/lib.rs', line: 2, column: 0, severity: 'error', engineSeverity: 'fail', code: 'overflow', message: 'add: overflow might not hold' },
    ]);
  });

  it('rust-fv on a project without Cargo.toml says what is missing', async () => {
    const folder = await bench.project({ 'src/lib.rs': 'pub fn f() {}\n' });
    const { record } = await bench.run('rust-verification', folder);
    expect(record).toMatchObject({ status: 'error', message: 'rust-fv (cargo-verify) runs in the folder holding Cargo.toml, and the project has none.' });
  });

  it('a proved crate completes', async () => {
    const folder = await bench.project({ 'Cargo.toml': '[package]\nname = "ok"\n', 'src/lib.rs': 'pub fn id(a: u8) -> u8 {\n    a\n}\n' });
    const { record } = await bench.run('rust-verification', folder);
    expect(record).toMatchObject({ status: 'completed', exitCode: 0, message: 'rust-fv (cargo-verify) finished and found no problems.' });
  });

  it('a timeout keeps the findings printed before it, marked partial', async () => {
    const folder = await bench.project({ 'src/a.c': 'int main(void) { return 0; }\n' });
    const { record, diagnostics } = await bench.run('slow-clang-tool', folder);
    expect(record.status).toBe('timeout');
    expect(record.message).toBe('The tool ran past its 2 s limit and was stopped. The 12 problems it reported before then are shown.');
    expect(record.diagnostics).toEqual({ error: 0, warning: 12, info: 0 });
    expect(record.diagnosticsProblem).toMatch(/stopped before the engine finished/);
    expect(diagnostics.map((d) => d.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(diagnostics[0]).toMatchObject({ file: 'src/a.c', code: '-Wtest', severity: 'warning' });
  });
});
