import type { Diagnostic, Severity } from '../../../shared/diagnostics';
import { lineParser, type FindingsParser } from './parser';
import type { Locate } from './paths';

/**
 * `file:line:col: severity: message` (clang, gcc; col optional as gcc prints it for some), with an optional
 * trailing `[-Wflag]` or `[CODE]` taken as the code. The lazy path allows `C:\…` drive letters.
 */
const LINE = /^(.+?):(\d+):(?:(\d+):)?\s*(fatal error|error|warning|note|remark|info):\s*(.*?)(?:\s+\[([^\]\s]+)\])?$/i;

const SEVERITY: Record<string, Severity> = { 'fatal error': 'error', error: 'error', warning: 'warning', note: 'info', remark: 'info', info: 'info' };

/**
 * Compiler-style diagnostics on either stream, the lingua franca of C/C++ tools (cpptoc prints clang's) and of
 * many custom tools. Every other line (source excerpts, carets, `In file included from`, debug chatter) is skipped.
 */
export function clangParser(locate: Locate): FindingsParser {
  const out: Diagnostic[] = [];
  return lineParser(
    (line) => {
      const m = LINE.exec(line);
      if (!m?.[1] || !m[2] || !m[4] || m[5] === undefined) return;
      const level = m[4].toLowerCase();
      out.push({
        file: locate(m[1]),
        line: Number(m[2]),
        column: m[3] ? Number(m[3]) : 0,
        severity: SEVERITY[level] ?? 'warning',
        engineSeverity: level,
        code: m[6] ?? '',
        message: m[5],
      });
    },
    () => ({ diagnostics: out, problem: null }),
  );
}
