import { execa } from 'execa';
import path from 'node:path';
import { parseDiagnostics } from '../../main/registry';
import type { Diagnostic } from '../../shared/diagnostics';
import type { DiagnosticsFormat } from '../../shared/tools';
import { ROOT } from '../support/services';

/** One engine run directly, in place, as a user would type it: the reference Hapyy must match. */
export interface DirectRun {
  engine: EngineId;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  findings: Finding[];
}

export type EngineId = 'shellcheck' | 'pyflakes' | 'ruff' | 'tsc';

/** What must be equal: where, which rule, what it says (severity mapping is judged elsewhere). */
export type Finding = Pick<Diagnostic, 'file' | 'line' | 'column' | 'code' | 'message'>;

const FORMAT: Record<EngineId, DiagnosticsFormat> = { shellcheck: 'shellcheck-json1', pyflakes: 'pyflakes', ruff: 'ruff-json', tsc: 'tsc' };

/** Sorted by every field, so two lists compare regardless of the engine's print order. */
export function findings(list: readonly Diagnostic[]): Finding[] {
  const key = (f: Finding) => [f.file, String(f.line).padStart(8, '0'), String(f.column).padStart(8, '0'), f.code, f.message].join('\u0000');
  return list
    .map(({ file, line, column, code, message }) => ({ file, line, column, code, message }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

/** The same modern defaults Hapyy documents for a loose .ts set (no tsconfig.json). */
export const TSC_LOOSE = ['--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--strict', '--skipLibCheck'];

/**
 * Runs an engine in `dir`. `files` is what the user would list (relative names); null means the engine's own project
 * mode (`pyflakes .`, `ruff check .`, `tsc -p .`). `glob`: shell words appended unquoted, expanded by /bin/sh as at a
 * prompt — the way a name that is not UTF-8 reaches an engine byte for byte.
 */
export async function runDirect(engine: EngineId, dir: string, files: readonly string[] | null, glob = ''): Promise<DirectRun> {
  let command: string;
  let args: string[];
  switch (engine) {
    case 'shellcheck':
      command = 'shellcheck';
      args = ['-f', 'json1', '-x', ...(files ?? [])];
      break;
    case 'pyflakes':
      command = 'pyflakes3';
      args = files ? [...files] : ['.'];
      break;
    case 'ruff':
      command = 'ruff';
      args = ['check', '--output-format', 'json', '--no-cache', '--exit-non-zero-on-fix', ...(files ?? ['.'])];
      break;
    case 'tsc':
      command = process.execPath;
      args = [TSC, '--noEmit', '--pretty', 'false', ...(files ? [...TSC_LOOSE, ...files] : ['-p', '.'])];
      break;
  }
  const r = await execa('/bin/sh', ['-c', `exec "$@" ${glob}`, 'sh', command, ...args], {
    cwd: dir,
    reject: false,
    env: { LANG: 'C.UTF-8', PATH: process.env.PATH ?? '/usr/bin:/bin' },
    extendEnv: false,
    maxBuffer: 512 * 1024 * 1024,
  });
  const text = engine === 'pyflakes' ? `${r.stdout}\n${r.stderr}` : r.stdout; // Pyflakes reports syntax errors on stderr
  return { engine, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, findings: findings(parseDiagnostics(FORMAT[engine], text, dir)) };
}
