import type { Diagnostic } from '../../../shared/diagnostics';
import { relativeToInput } from './paths';
import { pythonSeverity } from './severity';

// `path:line:col: message` (pyflakes ≥ 2.2) or `path:line: message`; the lazy path allows `C:\…` drive letters.
const LINE = /^(.+?):(\d+):(?:(\d+):)? (.+)$/;

/** Pyflakes prints no codes; the common messages get the flake8 code for the same check, so severities match Ruff's. */
const CODES: [RegExp, string][] = [
  [/imported but unused/, 'F401'],
  [/^'from .* import \*' used; unable to detect undefined names/, 'F403'],
  [/may be undefined, or defined from star imports/, 'F405'],
  [/^redefinition of unused/, 'F811'],
  [/^undefined name/, 'F821'],
  [/^local variable .* (is assigned to but never used|defined .* but never used)/, 'F841'],
  [/^local variable .* referenced before assignment/, 'F823'],
  [/^import .* shadowed by loop variable/, 'F402'],
  [/^f-string is missing placeholders/, 'F541'],
  [/^use ==\/!= to compare/, 'F632'],
  [/syntax|unexpected indent|unindent|invalid/i, 'E999'],
];

function codeOf(message: string): string {
  return CODES.find(([re]) => re.test(message))?.[1] ?? 'pyflakes';
}

/** Pyflakes' text output. Lines that do not match (a syntax error's source and caret lines) are skipped. */
export function parsePyflakes(stdout: string, inputDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (!m?.[1] || !m[2] || !m[4]) continue;
    const message = m[4].trim();
    const code = codeOf(message);
    out.push({
      file: relativeToInput(m[1], inputDir),
      line: Number(m[2]),
      column: m[3] ? Number(m[3]) : 0,
      severity: code === 'pyflakes' ? 'warning' : pythonSeverity(code),
      code,
      message,
    });
  }
  return out;
}
