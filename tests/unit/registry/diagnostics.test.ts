import { describe, expect, it } from 'vitest';
import { parseDiagnostics, parseFindings } from '../../../main/registry/diagnostics';
import { relativeToInput } from '../../../main/registry/diagnostics/paths';
import { DiagnosticSchema } from '../../../shared/wire/diagnostics';
import type { Diagnostic } from '../../../shared/diagnostics';

const INPUT = '/runs/j1/input';
const valid = (list: Diagnostic[]) => list.every((d) => DiagnosticSchema.safeParse(d).success);

describe('shellcheck-json1', () => {
  // Captured from `shellcheck -f json1 -x backup.sh` (ShellCheck 0.9.0) on the bash-quoting-bugs example; fixes trimmed.
  const captured = JSON.stringify({
    comments: [
      { file: 'backup.sh', line: 8, endLine: 8, column: 10, endColumn: 17, level: 'info', code: 2086, message: 'Double quote to prevent globbing and word splitting.', fix: { replacements: [] } },
      { file: 'backup.sh', line: 14, endLine: 14, column: 38, endColumn: 51, level: 'warning', code: 2154, message: 'backup_owner is referenced but not assigned.', fix: null },
      { file: 'backup.sh', line: 16, endLine: 16, column: 10, endColumn: 23, level: 'error', code: 2045, message: 'Iterating over ls output is fragile. Use globs.', fix: null },
      { file: `${INPUT}/lib/util.sh`, line: 3, endLine: 3, column: 1, endColumn: 5, level: 'style', code: 2006, message: 'Use $(...) notation instead of legacy backticks `...`.', fix: null },
    ],
  });

  it('maps every comment, style and info counted as info but told apart, codes to SCnnnn with their wiki page, paths relative', () => {
    const list = parseDiagnostics('shellcheck-json1', captured, INPUT);
    expect(list).toEqual([
      { file: 'backup.sh', line: 8, column: 10, endLine: 8, endColumn: 17, severity: 'info', engineSeverity: 'info', code: 'SC2086', message: 'Double quote to prevent globbing and word splitting.', ruleUrl: 'https://www.shellcheck.net/wiki/SC2086' },
      { file: 'backup.sh', line: 14, column: 38, endLine: 14, endColumn: 51, severity: 'warning', engineSeverity: 'warning', code: 'SC2154', message: 'backup_owner is referenced but not assigned.', ruleUrl: 'https://www.shellcheck.net/wiki/SC2154' },
      { file: 'backup.sh', line: 16, column: 10, endLine: 16, endColumn: 23, severity: 'error', engineSeverity: 'error', code: 'SC2045', message: 'Iterating over ls output is fragile. Use globs.', ruleUrl: 'https://www.shellcheck.net/wiki/SC2045' },
      { file: 'lib/util.sh', line: 3, column: 1, endLine: 3, endColumn: 5, severity: 'info', engineSeverity: 'style', code: 'SC2006', message: 'Use $(...) notation instead of legacy backticks `...`.', ruleUrl: 'https://www.shellcheck.net/wiki/SC2006' },
    ]);
    expect(valid(list)).toBe(true);
  });

  it('returns what parsed from malformed output and says what was wrong, never throws', () => {
    const item = '{"file":"b.sh","line":1,"column":2,"level":"warning","code":1,"message":"m"}';
    const cut = parseFindings('shellcheck-json1', INPUT, { stdout: `{"comments":[${item},${item}, {"file":"a.s` });
    expect(cut.diagnostics).toHaveLength(2);
    expect(cut.problem).toMatch(/ends early \(cut off\); 2 findings before the cut were read/);
    expect(parseFindings('shellcheck-json1', INPUT, { stdout: 'openBinaryFile: does not exist' }).problem).toMatch(/not valid JSON/);
    expect(parseFindings('shellcheck-json1', INPUT, { stdout: '' }).problem).toBe("ShellCheck's report is empty");
    expect(parseDiagnostics('shellcheck-json1', 'null', INPUT)).toEqual([]);
    expect(parseDiagnostics('shellcheck-json1', '{"comments":[{"file":"a.sh"},{"file":"b.sh","line":1,"column":2,"level":"warning","code":1,"message":"m"}]}', INPUT)).toHaveLength(1);
    // An entry not in ShellCheck's shape is skipped, and the result says so (and how many).
    const odd = parseFindings('shellcheck-json1', INPUT, { stdout: `{"comments":[{"file":"a.sh"},${item},{"line":"x"}]}` });
    expect(odd.diagnostics).toHaveLength(1);
    expect(odd.problem).toBe("2 entries of ShellCheck's report not in the expected shape were skipped");
  });
});

describe('ruff-json', () => {
  // A hand-written sample in the shape of Ruff 0.6's `--output-format json` (code null for a syntax error, as Ruff
  // printed it before `invalid-syntax`); tests/unit/registry/real-engines.test.ts runs the real Ruff where installed.
  const sample = JSON.stringify([
    {
      cell: null,
      code: 'F401',
      end_location: { column: 10, row: 2 },
      filename: `${INPUT}/wordcount.py`,
      fix: { applicability: 'safe', edits: [{ content: '', end_location: { column: 1, row: 3 }, location: { column: 1, row: 2 } }], message: 'Remove unused import: `os`' },
      location: { column: 8, row: 2 },
      message: '`os` imported but unused',
      noqa_row: 2,
      url: 'https://docs.astral.sh/ruff/rules/unused-import',
    },
    {
      cell: null,
      code: 'F821',
      end_location: { column: 45, row: 12 },
      filename: `${INPUT}/pkg/convert.py`,
      fix: null,
      location: { column: 25, row: 12 },
      message: 'Undefined name `celsius_to_farenheit`',
      noqa_row: 12,
      url: 'https://docs.astral.sh/ruff/rules/undefined-name',
    },
    {
      cell: null,
      code: null,
      end_location: { column: 1, row: 4 },
      filename: `${INPUT}/broken.py`,
      fix: null,
      location: { column: 9, row: 3 },
      message: 'SyntaxError: Expected an expression',
      noqa_row: null,
      url: null,
    },
  ]);

  it('maps findings; undefined names and syntax errors are errors, the rest warnings; rule links from url', () => {
    const list = parseDiagnostics('ruff-json', sample, INPUT);
    expect(list).toEqual([
      { file: 'wordcount.py', line: 2, column: 8, endLine: 2, endColumn: 10, severity: 'warning', code: 'F401', message: '`os` imported but unused', ruleUrl: 'https://docs.astral.sh/ruff/rules/unused-import' },
      { file: 'pkg/convert.py', line: 12, column: 25, endLine: 12, endColumn: 45, severity: 'error', code: 'F821', message: 'Undefined name `celsius_to_farenheit`', ruleUrl: 'https://docs.astral.sh/ruff/rules/undefined-name' },
      { file: 'broken.py', line: 3, column: 9, endLine: 4, endColumn: 1, severity: 'error', code: 'invalid-syntax', message: 'SyntaxError: Expected an expression' },
    ]);
    expect(valid(list)).toBe(true);
  });

  it('ignores what is not a finding, and says when the report is not JSON', () => {
    const notJson = parseFindings('ruff-json', INPUT, { stdout: 'error: Failed to parse pyproject.toml' });
    expect(notJson).toMatchObject({ diagnostics: [], problem: expect.stringMatching(/^Ruff's report is not valid JSON/) });
    expect(parseDiagnostics('ruff-json', '[{"filename":"x.py"}, 5]', INPUT)).toEqual([]);
  });
});

describe('pyflakes', () => {
  // Hand-written lines in Pyflakes' documented formats (`path:line:col: message` since 2.2, `path:line: message`
  // before); the real Pyflakes runs in tests/unit/registry/real-engines.test.ts.
  const sample = [
    'wordcount.py:2:1: \'os\' imported but unused',
    './wordcount.py:3:1: \'sys\' imported but unused',
    `${INPUT}/convert.py:12:33: undefined name 'celsius_to_farenheit'`,
    'old.py:7: local variable \'x\' is assigned to but never used',
    'odd.py:1:1: something pyflakes says that we have no code for',
    '',
  ].join('\n');
  // Syntax errors go to stderr, each followed by its source line and a caret line.
  const stderr = ['broken.py:3:11: invalid syntax', 'x:1:2: looks like a finding but is the source line', '          ^', 'bin.py: problem decoding source', ''].join('\n');

  it('parses both line formats and both streams; flake8 codes; unused names are warnings, syntax errors errors', () => {
    const rule = (name: string) => `https://docs.astral.sh/ruff/rules/${name}`;
    expect(parseFindings('pyflakes', INPUT, { stdout: sample, stderr }).diagnostics).toEqual([
      { file: 'wordcount.py', line: 2, column: 1, severity: 'warning', code: 'F401', message: "'os' imported but unused", ruleUrl: rule('unused-import') },
      { file: 'wordcount.py', line: 3, column: 1, severity: 'warning', code: 'F401', message: "'sys' imported but unused", ruleUrl: rule('unused-import') },
      { file: 'convert.py', line: 12, column: 33, severity: 'error', code: 'F821', message: "undefined name 'celsius_to_farenheit'", ruleUrl: rule('undefined-name') },
      { file: 'old.py', line: 7, column: 0, severity: 'warning', code: 'F841', message: "local variable 'x' is assigned to but never used", ruleUrl: rule('unused-variable') },
      { file: 'odd.py', line: 1, column: 1, severity: 'warning', code: 'pyflakes', message: 'something pyflakes says that we have no code for' },
      { file: 'broken.py', line: 3, column: 11, severity: 'error', code: 'E999', message: 'invalid syntax' },
      { file: 'bin.py', line: 0, column: 0, severity: 'error', code: 'E902', message: 'problem decoding source' },
    ]);
  });

  it('reads Windows paths with a drive letter', () => {
    const list = parseDiagnostics('pyflakes', "C:\\runs\\j1\\input\\a\\m.py:4:5: undefined name 'y'", 'C:\\runs\\j1\\input');
    expect(list[0]).toMatchObject({ file: 'a/m.py', line: 4, column: 5 });
  });
});

describe('tsc', () => {
  // Captured from the bundled tsc 5.9 (`--pretty false`), including a chained message and a global error.
  const captured = [
    "src/main.ts(7,23): error TS2322: Type 'string' is not assignable to type 'number'.",
    "chain.ts(3,7): error TS2322: Type '{ a: { b: string; }; }' is not assignable to type 'T'.",
    "  The types of 'a.b' are incompatible between these types.",
    "    Type 'string' is not assignable to type 'number'.",
    "sp ace.ts(1,5): error TS2322: Type 'number' is not assignable to type 'string'.",
    "error TS5058: The specified path does not exist: 'missing'.",
    'Found 4 errors.',
    '  indented line after an unrelated one',
  ].join('\n');

  it('parses located and global diagnostics, joining continuation lines', () => {
    expect(parseDiagnostics('tsc', captured, INPUT)).toEqual([
      { file: 'src/main.ts', line: 7, column: 23, severity: 'error', engineSeverity: 'error', code: 'TS2322', message: "Type 'string' is not assignable to type 'number'." },
      {
        file: 'chain.ts',
        line: 3,
        column: 7,
        severity: 'error',
        engineSeverity: 'error',
        code: 'TS2322',
        message:
          "Type '{ a: { b: string; }; }' is not assignable to type 'T'.\nThe types of 'a.b' are incompatible between these types.\nType 'string' is not assignable to type 'number'.",
      },
      { file: 'sp ace.ts', line: 1, column: 5, severity: 'error', engineSeverity: 'error', code: 'TS2322', message: "Type 'number' is not assignable to type 'string'." },
      { file: '', line: 0, column: 0, severity: 'error', engineSeverity: 'error', code: 'TS5058', message: "The specified path does not exist: 'missing'." },
    ]);
  });

  it('handles CRLF and Windows absolute paths', () => {
    const list = parseDiagnostics('tsc', 'C:/runs/j1/input/src/a.ts(2,3): error TS2304: Cannot find name \'x\'.\r\n', 'C:\\runs\\j1\\input');
    expect(list).toEqual([{ file: 'src/a.ts', line: 2, column: 3, severity: 'error', engineSeverity: 'error', code: 'TS2304', message: "Cannot find name 'x'." }]);
  });
});

describe('none and paths', () => {
  it('none gives nothing', () => {
    expect(parseDiagnostics('none', 'a.sh:1:1: error', INPUT)).toEqual([]);
  });
  it('keeps a file outside the project absolute', () => {
    expect(relativeToInput('/usr/lib/x.d.ts', INPUT)).toBe('/usr/lib/x.d.ts');
    expect(relativeToInput('../escape.ts', INPUT)).toBe('/runs/j1/escape.ts');
    expect(relativeToInput('./a//b.ts', INPUT)).toBe('a/b.ts');
  });
});
