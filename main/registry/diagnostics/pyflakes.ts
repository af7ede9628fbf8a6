import type { Diagnostic } from '../../../shared/diagnostics';
import { lineParser, type FindingsParser } from './parser';
import type { Locate } from './paths';
import { pythonSeverity } from './severity';

// `path:line:col: message` (pyflakes ≥ 2.2) or `path:line: message`; the lazy path allows `C:\…` drive letters.
const LINE = /^(.+?):(\d+):(?:(\d+):)? (.+)$/;
// pyflakes' reporter for a file it cannot read or decode at all
const UNDECODABLE = /^(.+?): (problem decoding source|[^:]*(?:No such file|Permission denied)[^:]*)$/;
const CARET = /^\s*\^\s*$/;

/**
 * Pyflakes prints no codes; the common messages get the flake8 code for the same check (so severities match Ruff's)
 * and a link to Ruff's page for that check, the closest thing to a rule page Pyflakes has.
 */
const CODES: [RegExp, string, string?][] = [
  [/imported but unused/, 'F401', 'unused-import'],
  [/^'from .* import \*' used; unable to detect undefined names/, 'F403', 'undefined-local-with-import-star'],
  [/may be undefined, or defined from star imports/, 'F405', 'undefined-local-with-import-star-usage'],
  [/^redefinition of unused/, 'F811', 'redefined-while-unused'],
  [/^undefined name/, 'F821', 'undefined-name'],
  [/^local variable .* (is assigned to but never used|defined .* but never used)/, 'F841', 'unused-variable'],
  [/^local variable .* referenced before assignment/, 'F823', 'undefined-local'],
  [/^import .* shadowed by loop variable/, 'F402', 'import-shadowed-by-loop-var'],
  [/^f-string is missing placeholders/, 'F541', 'f-string-missing-placeholders'],
  [/^use ==\/!= to compare/, 'F632', 'is-literal'],
  [/^'(return|yield)' outside function|^'(break|continue)' (not properly in|outside) loop/, 'F7xx'],
  [/^\(unicode error\)|codec can't decode|^unknown encoding/, 'E902', 'io-error'],
  [/syntax|unexpected indent|unindent|invalid|expected|unterminated|never closed|does not match/i, 'E999'],
];

function codeOf(message: string, onStderr: boolean): { code: string; rule?: string | undefined } {
  const hit = CODES.find(([re]) => re.test(message));
  // Pyflakes writes only syntax and decoding errors to stderr.
  if (!hit) return { code: onStderr ? 'E999' : 'pyflakes' };
  return { code: hit[1] === 'F7xx' ? 'F701' : hit[1], rule: hit[2] };
}

/**
 * Pyflakes' text: findings on stdout; syntax errors on stderr, each followed by the offending source line and a
 * caret line (both skipped); a file it cannot decode as `path: problem decoding source`.
 */
export function pyflakesParser(locate: Locate): FindingsParser {
  const out: Diagnostic[] = [];
  // After a syntax error on stderr: the next stderr line is its source text if a caret line follows it.
  let afterError = false;
  let held: string | null = null;

  const finding = (line: string, onStderr: boolean): boolean => {
    const m = LINE.exec(line);
    if (m?.[1] && m[2] && m[4]) {
      const message = m[4].trim();
      const { code, rule } = codeOf(message, onStderr);
      out.push({
        file: locate(m[1]),
        line: Number(m[2]),
        column: m[3] ? Number(m[3]) : 0,
        severity: onStderr ? 'error' : code === 'pyflakes' ? 'warning' : pythonSeverity(code),
        code,
        message,
        ...(rule ? { ruleUrl: `https://docs.astral.sh/ruff/rules/${rule}` } : {}),
      });
      return true;
    }
    const u = UNDECODABLE.exec(line);
    if (onStderr && u?.[1] && u[2]) {
      out.push({ file: locate(u[1]), line: 0, column: 0, severity: 'error', code: 'E902', message: u[2] });
      return true;
    }
    return false;
  };

  const stderrLine = (line: string): void => {
    if (held !== null) {
      const source = held;
      held = null;
      if (CARET.test(line)) return; // source + caret of the error before
      afterError = finding(source, true);
    }
    if (CARET.test(line)) return;
    if (afterError) {
      afterError = false;
      held = line;
      return;
    }
    afterError = finding(line, true);
  };

  return lineParser(
    (line, source) => {
      if (source === 'stderr') stderrLine(line);
      else finding(line, false);
    },
    () => {
      if (held !== null) finding(held, true);
      held = null;
      return { diagnostics: out, problem: null };
    },
  );
}
