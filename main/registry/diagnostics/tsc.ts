import type { Diagnostic, Severity } from '../../../shared/diagnostics';
import { lineParser, type FindingsParser } from './parser';
import type { Locate } from './paths';

const LOCATED = /^(.+)\((\d+),(\d+)\): (error|warning|message|suggestion) TS(\d+): (.*)$/;
const GLOBAL = /^(error|warning|message|suggestion) TS(\d+): (.*)$/;

const severityOf = (category: string): Severity =>
  category === 'error' ? 'error' : category === 'warning' ? 'warning' : 'info';

/**
 * `tsc --pretty false` on stdout: `file(line,col): error TS2322: message`; indented lines continue the previous
 * message (chained explanations). A diagnostic without a location (`error TS5083: …`) gets file '' and line 0.
 * No rule link: TypeScript publishes no page per diagnostic code.
 */
export function tscParser(locate: Locate): FindingsParser {
  const out: Diagnostic[] = [];
  let last: Diagnostic | undefined;
  return lineParser(
    (line) => {
      const m = LOCATED.exec(line);
      if (m?.[1] && m[2] && m[3] && m[4] && m[5] && m[6] !== undefined) {
        last = {
          file: locate(m[1]),
          line: Number(m[2]),
          column: Number(m[3]),
          severity: severityOf(m[4]),
          engineSeverity: m[4],
          code: `TS${m[5]}`,
          message: m[6],
        };
        out.push(last);
        return;
      }
      const g = GLOBAL.exec(line);
      if (g?.[1] && g[2] && g[3] !== undefined) {
        last = { file: '', line: 0, column: 0, severity: severityOf(g[1]), engineSeverity: g[1], code: `TS${g[2]}`, message: g[3] };
        out.push(last);
        return;
      }
      if (last && /^\s+\S/.test(line)) {
        last.message += `\n${line.trim()}`;
        return;
      }
      last = undefined;
    },
    () => ({ diagnostics: out, problem: null }),
  );
}
