import { z } from 'zod';
import type { Diagnostic, Severity } from '../../../shared/diagnostics';
import { jsonDocumentParser, type FindingsParser, type FindingsSource } from './parser';
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
  const out: Diagnostic[] = [];
  return jsonDocumentParser({
    source,
    paths: ['$.comments.*'],
    noun: "ShellCheck's report",
    onItem: ({ value }) => {
      const c = Comment.safeParse(value);
      if (!c.success) return;
      const raw = String(c.data.code);
      const code = /^\d+$/.test(raw) ? `SC${raw}` : raw;
      out.push({
        file: locate(c.data.file),
        line: c.data.line,
        column: c.data.column,
        ...(c.data.endLine !== undefined ? { endLine: c.data.endLine } : {}),
        ...(c.data.endColumn !== undefined ? { endColumn: c.data.endColumn } : {}),
        severity: LEVELS[c.data.level] ?? 'warning',
        engineSeverity: c.data.level,
        code,
        message: c.data.message,
        ...(/^SC\d+$/.test(code) ? { ruleUrl: `https://www.shellcheck.net/wiki/${code}` } : {}),
      });
    },
    result: () => out,
  });
}
