import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDirect } from './engines';
import { Hapyy } from './hapyy';

/** Writes files (relative path → text or bytes; a Buffer key part is not needed: raw names are written separately). */
function tree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

/** A git repository (git itself is the reference for what .gitignore leaves out). */
function gitRepo(root: string): void {
  execFileSync('git', ['init', '-q', root]);
}

// Small made-up projects for what real corpora rarely show at once: each engine in place vs through Hapyy.
describe('parity on made-up edge cases', () => {
  let hapyy: Hapyy;
  let base: string;
  beforeAll(async () => {
    hapyy = await Hapyy.start();
    base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'hapyy-parity-')));
  });
  afterAll(async () => {
    await hapyy.dispose();
    rmSync(base, { recursive: true, force: true });
  });

  it('ShellCheck: a .shellcheckrc above the project, a non-UTF-8 name, non-UTF-8 bytes, a shebang script, a syntax error', async () => {
    const repo = path.join(base, 'sh-repo');
    gitRepo(repo);
    const proj = path.join(repo, 'scripts');
    tree(repo, {
      '.shellcheckrc': 'disable=SC2086\n', // in place, ShellCheck finds it in the parent folder
      'scripts/a.sh': '#!/bin/sh\ncd $1\necho $1\n',
      'scripts/bad.sh': '#!/bin/bash\nif [ -n "$x" ] then\n  echo x\nfi\n',
      'scripts/deploy': '#!/usr/bin/env bash\nfor f in $(ls); do echo "$f"; done\n',
    });
    chmodSync(path.join(proj, 'deploy'), 0o755);
    // A Latin-1 name, and Latin-1 bytes in a comment.
    writeFileSync(Buffer.from(`${proj}/caf\xe9.sh`, 'latin1'), Buffer.from('#!/bin/sh\n# r\xe9sum\xe9\nrm -rf $DIR/\n', 'latin1'));

    const direct = await runDirect('shellcheck', proj, ['deploy'], '*.sh');
    const run = await hapyy.run(proj, 'bash-verification');
    expect(run.findings).toEqual(direct.findings);
    const codes = new Set(run.findings.map((f) => f.code));
    expect(codes.has('SC2086')).toBe(false); // the parent's .shellcheckrc was applied
    expect(codes.has('SC2164')).toBe(true); // cd without || exit, in a.sh
    expect(codes.has('SC2045')).toBe(true); // for f in $(ls), in the extensionless deploy script
    expect([...codes].some((c) => /^SC1\d{3}$/.test(c))).toBe(true); // bad.sh does not parse
    expect(run.findings.filter((f) => f.file.startsWith('caf')).map((f) => f.code)).toContain('SC2115'); // rm -rf $DIR/
    expect(run.record.message).not.toMatch(/not checked/);
  });

  it('Pyflakes: .gitignore respected as git does, a source folder named build kept below the root', async () => {
    const repo = path.join(base, 'py-repo');
    gitRepo(repo);
    tree(repo, {
      '.gitignore': 'venv/\n/build/\n*.gen.py\n',
      'app.py': 'import os\n\ndef f():\n    x = 1\n',
      'pkg/build/steps.py': 'import sys\nprint(undefined_name)\n',
      'pkg/__init__.py': '',
      'venv/lib/site.py': 'import json\n',
      'build/out.py': 'import re\n',
      'schema.gen.py': 'import abc\n',
    });
    // git's own answer to "which files are the project's", as a user's `pyflakes $(git ls-files …)` would see it.
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.py'], { cwd: repo, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .sort();
    expect(files).toEqual(['app.py', 'pkg/__init__.py', 'pkg/build/steps.py']);
    const direct = await runDirect('pyflakes', repo, files);
    const run = await hapyy.run(repo, 'python-linter');
    expect(run.engine).toBe('pyflakes');
    expect(run.findings).toEqual(direct.findings);
    expect(run.findings.map((f) => f.file)).toContain('pkg/build/steps.py');
    const [rules, ignored] = run.project.warnings;
    expect(rules).toMatch(/^2 folders were left out as version control, dependencies or build output \(\.git\/, build\/: \d+ files\)\.$/);
    expect(ignored).toBe('2 entries listed in .gitignore were left out (schema.gen.py, venv/: 2 files; a setting can include them).');
  });

  it('Pyflakes: a file that does not parse (reported on stderr)', async () => {
    // Depends on the diagnostics helper's fix (issue 16, item 1): Pyflakes prints syntax errors on stderr.
    const proj = path.join(base, 'py-syntax');
    tree(proj, { 'broken.py': 'def f(:\n    pass\n' });
    const direct = await runDirect('pyflakes', proj, null);
    expect(direct.findings.map((f) => [f.file, f.line])).toEqual([['broken.py', 1]]);
    const run = await hapyy.run(proj, 'python-linter');
    expect(run.findings).toEqual(direct.findings);
  });

  it('tsc: node_modules types and a tsconfig extending one in the parent folder resolve as in place', async () => {
    const repo = path.join(base, 'ts-repo');
    gitRepo(repo);
    tree(repo, {
      'tsconfig.base.json': '{ "compilerOptions": { "strict": true, "target": "es2022", "module": "esnext", "moduleResolution": "bundler" } }\n',
      'app/tsconfig.json': '{ "extends": "../tsconfig.base.json", "include": ["src"] }\n',
      'app/node_modules/left-pad/package.json': '{ "name": "left-pad", "version": "1.0.0", "types": "index.d.ts" }\n',
      'app/node_modules/left-pad/index.d.ts': 'export declare function leftPad(s: string, n: number): string;\n',
      'app/node_modules/@types/greeting/index.d.ts': 'declare const GREETING: string;\n',
      'app/src/main.ts': [
        "import { leftPad } from 'left-pad';",
        'export const a: string = leftPad(GREETING, 3);',
        'export const b: number = leftPad("x", 1);', // TS2322, the one real error
        'export function c(x) { return x; }', // TS7006 only under the parent's strict: true
        '',
      ].join('\n'),
    });
    const proj = path.join(repo, 'app');
    const direct = await runDirect('tsc', proj, null);
    const run = await hapyy.run(proj, 'typescript-linter');
    expect(run.findings).toEqual(direct.findings);
    expect(run.findings.map((f) => f.code).sort()).toEqual(['TS2322', 'TS7006']);
  });

  it('Pyflakes: a large report (30,000 findings, 1.5 MB) arrives whole', async () => {
    const proj = path.join(base, 'py-huge');
    const lines = Array.from({ length: 30_000 }, (_, i) => `x${i} = undefined_${i}`);
    tree(proj, { 'many.py': `${lines.join('\n')}\n` });
    const direct = await runDirect('pyflakes', proj, null);
    expect(direct.findings).toHaveLength(30_000);
    const run = await hapyy.run(proj, 'python-linter');
    expect(run.findings).toEqual(direct.findings);
    expect(run.record.truncated).toBe(false); // the log is complete, though the in-memory tail kept only its end
  });
});
