import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFindings } from '../../../main/registry/diagnostics';
import { findOnPath } from '../../../main/registry/path-lookup';
import type { Diagnostic } from '../../../shared/diagnostics';
import { DiagnosticSchema } from '../../../shared/wire/diagnostics';

const INPUT = '/runs/j1/input';
const RUFF = await findOnPath('ruff', { pathEnv: process.env.PATH ?? '', platform: process.platform });
const valid = (list: Diagnostic[]) => list.every((d) => DiagnosticSchema.safeParse(d).success);

describe('clang-style lines', () => {
  // A hand-written sample of clang's format (warnings, fatal errors, notes, gcc's column-less lines), not a capture;
  // what the real cpptoc printed is read in cpptoc-captured.test.ts (tests/fixtures/captured/cpptoc).
  const stderr = [
    `${INPUT}/src/main.cpp:4:12: error: expected ';' after expression`,
    '    int x = 1',
    '           ^',
    '           ;',
    `${INPUT}/src/main.cpp:9:3: warning: unused variable 'y' [-Wunused-variable]`,
    'In file included from src/a.cpp:1:',
    'include/b.h:2:1: fatal error: \'missing.h\' file not found',
    'src/c.c:7: note: previous definition is here',
    '2 errors generated.',
    '',
  ].join('\n');

  it('reads error, warning, fatal error and note lines with their flags; skips the rest', () => {
    // (Which streams are read is the engine's diagnosticsFrom: stderr only for cpptoc, whose stdout is chatter.)
    const { diagnostics, problem } = parseFindings('clang', INPUT, { stderr });
    expect(problem).toBeNull();
    expect(diagnostics).toEqual([
      { file: 'src/main.cpp', line: 4, column: 12, severity: 'error', engineSeverity: 'error', code: '', message: "expected ';' after expression" },
      { file: 'src/main.cpp', line: 9, column: 3, severity: 'warning', engineSeverity: 'warning', code: '-Wunused-variable', message: "unused variable 'y'" },
      { file: 'include/b.h', line: 2, column: 1, severity: 'error', engineSeverity: 'fatal error', code: '', message: "'missing.h' file not found" },
      { file: 'src/c.c', line: 7, column: 0, severity: 'info', engineSeverity: 'note', code: '', message: 'previous definition is here' },
    ]);
    expect(valid(diagnostics)).toBe(true);
  });

  it('a line split across writes is joined before it is read', () => {
    const { diagnostics } = parseFindings('clang', INPUT, { stderr: 'a.c:1:2: err' });
    expect(diagnostics).toEqual([]);
    const parser = parseFindings('clang', INPUT, { stderr: 'a.c:1:2: error: split\n' });
    expect(parser.diagnostics).toHaveLength(1);
  });
});

describe('rust-fv JSON report', () => {
  // A hand-written sample of the documented `cargo-verify verify --output-format json` shape (rust-fv cannot be
  // built here: it needs nightly Rust with rustc-dev and Z3), not a capture.
  const report = JSON.stringify({
    crate_name: 'demo',
    functions: [
      { name: 'add', status: 'fail', failures: [{ vc_kind: 'overflow', source_file: 'src/lib.rs', source_line: 3, description: 'attempt to add with overflow' }] },
      { name: 'id', status: 'ok', failures: [] },
      { name: 'slow', status: 'timeout', failures: [] },
      { name: 'post', status: 'fail', failures: [{ vc_kind: 'postcondition', source_file: `${INPUT}/crate/src/post.rs`, source_line: 12 }] },
    ],
    summary: { total: 4, ok: 1, fail: 2, timeout: 1 },
  });

  it('each failed condition is an error at its line; a function neither proved nor failed is a warning', () => {
    const { diagnostics, problem } = parseFindings('rust-fv-json', INPUT, { stdout: report });
    expect(problem).toBeNull();
    expect(diagnostics).toEqual([
      { file: 'src/lib.rs', line: 3, column: 0, severity: 'error', engineSeverity: 'fail', code: 'overflow', message: 'add: attempt to add with overflow' },
      { file: '', line: 0, column: 0, severity: 'warning', engineSeverity: 'timeout', code: 'timeout', message: 'slow: timeout' },
      { file: 'crate/src/post.rs', line: 12, column: 0, severity: 'error', engineSeverity: 'fail', code: 'postcondition', message: 'post: postcondition not proved' },
    ]);
  });

  it('human text on stderr is ignored; a report cut short keeps the functions before the cut', () => {
    const cut = parseFindings('rust-fv-json', INPUT, { stderr: 'Verifying crate demo\n', stdout: report.slice(0, report.indexOf('"name":"id"')) });
    expect(cut.diagnostics).toHaveLength(1);
    expect(cut.problem).toMatch(/^rust-fv's report ends early/);
  });
});

describe('SARIF 2.1.0', () => {
  // A hand-written sample after the SARIF 2.1.0 standard (§3.27): relative and file: URIs, note level, a `pass`
  // result, rules with helpUri listed after the results.
  const sarif = JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        results: [
          { ruleId: 'R1', level: 'error', message: { text: 'bad thing' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a%20b.c' }, region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 } } }] },
          { ruleId: 'R2', level: 'note', message: { text: 'fyi' }, locations: [{ physicalLocation: { artifactLocation: { uri: `file://${INPUT}/x.c` }, region: { startLine: 1 } } }] },
          { ruleId: 'R3', message: { text: 'no level: a warning' } },
          { ruleId: 'R1', kind: 'pass', message: { text: 'passed, not a finding' } },
        ],
        tool: { driver: { name: 'demo', rules: [{ id: 'R1', helpUri: 'https://example.org/rules/R1' }, { id: 'R2', helpUri: 'http://insecure.example/R2' }] } },
      },
    ],
  });

  it('maps results, levels, locations and https rule links', () => {
    const { diagnostics, problem } = parseFindings('sarif', INPUT, { stdout: sarif });
    expect(problem).toBeNull();
    expect(diagnostics).toEqual([
      { file: 'src/a b.c', line: 3, column: 5, endLine: 3, endColumn: 9, severity: 'error', engineSeverity: 'error', code: 'R1', message: 'bad thing', ruleUrl: 'https://example.org/rules/R1' },
      { file: 'x.c', line: 1, column: 0, severity: 'info', engineSeverity: 'note', code: 'R2', message: 'fyi' },
      { file: '', line: 0, column: 0, severity: 'warning', engineSeverity: 'warning', code: 'R3', message: 'no level: a warning' },
    ]);
    expect(valid(diagnostics)).toBe(true);
  });

  it.skipIf(!RUFF)('reads the SARIF real Ruff writes, finding for finding as its JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hapyy-sarif-'));
    try {
      await writeFile(path.join(dir, 'm.py'), 'import os\nimport sys\n');
      await writeFile(path.join(dir, 'broken.py'), 'def f(:\n');
      const run = (format: string) => execa(RUFF as string, ['check', '--no-cache', '--output-format', format, '.'], { cwd: dir, reject: false });
      const fromSarif = parseFindings('sarif', dir, { stdout: (await run('sarif')).stdout });
      const fromJson = parseFindings('ruff-json', dir, { stdout: (await run('json')).stdout }, 'stdout');
      expect(fromSarif.problem).toBeNull();
      const where = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}:${d.code}`;
      expect(fromSarif.diagnostics.map(where).sort()).toEqual(fromJson.diagnostics.map(where).sort());
      expect(fromSarif.diagnostics.length).toBeGreaterThan(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
