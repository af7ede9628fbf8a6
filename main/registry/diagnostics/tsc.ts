import type { Diagnostic, Severity } from '../../../shared/diagnostics';
import { relativeToInput } from './paths';

const LOCATED = /^(.+)\((\d+),(\d+)\): (error|warning|message|suggestion) TS(\d+): (.*)$/;
const GLOBAL = /^(error|warning|message|suggestion) TS(\d+): (.*)$/;

const severityOf = (category: string): Severity =>
  category === 'error' ? 'error' : category === 'warning' ? 'warning' : 'info';

/**
 * `tsc --pretty false`: `file(line,col): error TS2322: message`; indented lines continue the previous message
 * (chained explanations). A diagnostic without a location (`error TS5083: …`) gets file '' and line 0.
 */
export function parseTsc(stdout: string, inputDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let last: Diagnostic | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const m = LOCATED.exec(line);
    if (m?.[1] && m[2] && m[3] && m[4] && m[5] && m[6] !== undefined) {
      last = {
        file: relativeToInput(m[1], inputDir),
        line: Number(m[2]),
        column: Number(m[3]),
        severity: severityOf(m[4]),
        code: `TS${m[5]}`,
        message: m[6],
      };
      out.push(last);
      continue;
    }
    const g = GLOBAL.exec(line);
    if (g?.[1] && g[2] && g[3] !== undefined) {
      last = { file: '', line: 0, column: 0, severity: severityOf(g[1]), code: `TS${g[2]}`, message: g[3] };
      out.push(last);
      continue;
    }
    if (last && /^\s+\S/.test(line)) {
      last.message += `\n${line.trim()}`;
      continue;
    }
    last = undefined;
  }
  return out;
}
