import { z } from 'zod';
import type { Severity } from '../../../shared/diagnostics';
import { jsonReportParser, type FindingsParser, type FindingsSource } from './parser';
import type { Locate } from './paths';

const Comment = z.object({
  file: z.string(),
  line: z.number().int().min(0),
  column: z.number().int().min(0),
  endLine: z.number().int().min(0).optional(),
  endColumn: z.number().int().min(0).optional(),
  level: z.string(),
  code: z.union([z.number(), z.string()]),
  message: z.string(),
});

/** ShellCheck's four levels on the three-level scale; the level itself is kept as engineSeverity. */
const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'info' };

/** `shellcheck -f json1` on stdout: `{"comments":[…]}`; code 2086 becomes `SC2086`, linked to its wiki page. */
export function shellcheckJson1Parser(locate: Locate, source: FindingsSource = 'stdout'): FindingsParser {
  return jsonReportParser({
    source,
    path: '$.comments.*',
    noun: "ShellCheck's report",
    entry: Comment,
    findings: (c) => {
      const raw = String(c.code);
      const code = /^\d+$/.test(raw) ? `SC${raw}` : raw;
      return [
        {
          file: locate(c.file),
          line: c.line,
          column: c.column,
          ...(c.endLine !== undefined ? { endLine: c.endLine } : {}),
          ...(c.endColumn !== undefined ? { endColumn: c.endColumn } : {}),
          severity: LEVELS[c.level] ?? 'warning',
          engineSeverity: c.level,
          code,
          message: c.message,
          ...(/^SC\d+$/.test(code) ? { ruleUrl: `https://www.shellcheck.net/wiki/${code}` } : {}),
        },
      ];
    },
  });
}
