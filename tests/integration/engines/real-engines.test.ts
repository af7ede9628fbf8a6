import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEMS_STATUS } from '../../../main/registry/diagnostics/outcome';
import { findOnPath } from '../../../main/registry/path-lookup';
import type { Diagnostic } from '../../../shared/diagnostics';
import { EngineBench } from './harness';

// Real engines, run through Hapyy and directly on the same files; what Hapyy reports must be what the engine said.
const onPath = (name: string) => findOnPath(name, { pathEnv: process.env.PATH ?? '', platform: process.platform });
const PYFLAKES = (await onPath('pyflakes3')) ?? (await onPath('pyflakes'));
const SHELLCHECK = await onPath('shellcheck');
// Debian 12 has no Ruff package; where it is installed (pipx, brew, a wheel), the big-report test runs.
const RUFF = await onPath('ruff');
if (process.env.CI && (!PYFLAKES || !SHELLCHECK)) throw new Error('pyflakes3 and shellcheck are required in CI');

const key = (d: Pick<Diagnostic, 'file' | 'line' | 'column' | 'code'>) => `${d.file}:${d.line}:${d.column}:${d.code}`;

describe.skipIf(!PYFLAKES)('Pyflakes, for real', () => {
  const bench = new EngineBench();
  beforeAll(() => bench.start({ enginePaths: { 'python-linter': PYFLAKES as string } }));
  afterAll(() => bench.stop());

  it('reports a syntax error (printed on stderr) as an error finding, as Pyflakes printed it', async () => {
    const folder = await bench.project({ 'bad.py': 'def f(:\n  pass\n' });
    const direct = await execa(PYFLAKES as string, ['bad.py'], { cwd: folder, reject: false });
    expect(direct.stdout).toBe('');
    const said = /^bad\.py:(\d+):(\d+): (.+)$/m.exec(direct.stderr);
    expect(said).not.toBeNull();

    const { record, diagnostics } = await bench.run('python-linter', folder);
    expect(record.status).toBe(PROBLEMS_STATUS);
    expect(record.message).toBe('Pyflakes found 1 problem (1 error).');
    expect(diagnostics).toEqual([
      { file: 'bad.py', line: Number(said?.[1]), column: Number(said?.[2]), severity: 'error', code: 'E999', message: said?.[3] },
    ]);
  });

  it('unused names are warnings, and every stdout finding matches the direct run', async () => {
    const folder = await bench.project({ 'm.py': 'import os\n\ndef g():\n    x = 1\n\ndef g():\n    pass\n' });
    const direct = await execa(PYFLAKES as string, ['m.py'], { cwd: folder, reject: false });
    const lines = direct.stdout.split('\n').filter(Boolean);
    const { diagnostics } = await bench.run('python-linter', folder);
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual(lines);
    expect(new Set(diagnostics.map((d) => d.severity))).toEqual(new Set(['warning']));
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['F401', 'F811', 'F841']);
  });

  it('a traceback (a Latin-1 file it cannot decode) is Pyflakes crashing, not findings', async () => {
    const folder = await bench.project({ 'latin.py': Buffer.from('# caf\xe9\nimport os\n', 'latin1') });
    const direct = await execa(PYFLAKES as string, ['latin.py'], { cwd: folder, reject: false });
    expect(direct.stderr).toContain('Traceback (most recent call last):');

    const { record } = await bench.run('python-linter', folder);
    expect(record.status).toBe('failed');
    expect(record.message).toMatch(/^Pyflakes crashed \(Python traceback: SyntaxError: invalid or missing encoding declaration, exit 1\) — this is a bug in the engine; the log has its last lines\.$/);
  });
});

describe.skipIf(!SHELLCHECK)('ShellCheck, for real', () => {
  const bench = new EngineBench();
  beforeAll(() => bench.start({}));
  afterAll(() => bench.stop());

  it('every finding matches ShellCheck’s own gcc-format output; style and info stay apart; wiki links', async () => {
    const folder = await bench.project({
      'a.sh': '#!/bin/bash\nfor f in $(ls *.txt); do echo $f; done\nx=`date`\necho "$undefined_var"\n',
      'lib/b.sh': '#!/bin/sh\nif [ $1 == "x" ]; then echo yes; fi\n',
    });
    const direct = await execa(SHELLCHECK as string, ['-f', 'gcc', '-x', 'a.sh', 'lib/b.sh'], { cwd: folder, reject: false });
    const expected = direct.stdout
      .split('\n')
      .map((l) => /^(.+?):(\d+):(\d+): (\w+): .* \[(SC\d+)\]$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => `${m[1]}:${m[2]}:${m[3]}:${m[5]}:${m[4]}`);
    expect(expected.length).toBeGreaterThan(4);

    const { diagnostics } = await bench.run('bash-verification', folder);
    // gcc format says `note` for both info and style; json1 keeps them apart.
    const gccLevel = (d: Diagnostic) => (d.engineSeverity === 'info' || d.engineSeverity === 'style' ? 'note' : d.engineSeverity);
    expect(diagnostics.map((d) => `${key(d)}:${gccLevel(d)}`).sort()).toEqual(expected.sort());
    expect(new Set(diagnostics.map((d) => d.engineSeverity))).toEqual(new Set(['error', 'warning', 'info', 'style']));
    for (const d of diagnostics) expect(d.ruleUrl).toBe(`https://www.shellcheck.net/wiki/${d.code}`);
  });
});

describe.skipIf(!RUFF)('Ruff, for real, on a report far bigger than any log limit', () => {
  const bench = new EngineBench();
  beforeAll(() => bench.start({ enginePaths: { 'python-linter': RUFF as string } }));
  afterAll(() => bench.stop());

  it('keeps every finding (the count Ruff gives when run directly), read from its report file', async () => {
    const files: Record<string, string> = {};
    // 1,500 files × 20 unused imports = 30,000 findings (plus any others Ruff's defaults add).
    for (let i = 0; i < 1500; i += 1) files[`pkg${i % 30}/mod${i}.py`] = Array.from({ length: 20 }, (_, j) => `import m${j}\n`).join('');
    files['broken.py'] = 'def f(:\n  pass\n';
    const folder = await bench.project(files);
    const direct = await execa(RUFF as string, ['check', '--output-format', 'json', '--no-cache', '.'], { cwd: folder, reject: false, maxBuffer: 1e9 });
    const truth = JSON.parse(direct.stdout) as { code: string | null; filename: string; location: { row: number; column: number } }[];
    expect(truth.length).toBeGreaterThanOrEqual(30_000);

    const { record, diagnostics } = await bench.run('python-linter', folder, 120_000);
    expect(diagnostics).toHaveLength(truth.length);
    const counts = record.diagnostics ?? { error: 0, warning: 0, info: 0 };
    expect(counts.error + counts.warning + counts.info).toBe(truth.length);
    expect(record.diagnosticsProblem ?? null).toBeNull();
    // The report went to a file, not through run.log and its limits.
    expect(record.outputBytes).toBeLessThan(64 * 1024);
    const syntax = diagnostics.filter((d) => d.file === 'broken.py');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax.every((d) => d.severity === 'error')).toBe(true);
    expect(diagnostics.filter((d) => d.code === 'F401').every((d) => d.severity === 'warning' && d.ruleUrl === 'https://docs.astral.sh/ruff/rules/unused-import')).toBe(true);
  });
});
