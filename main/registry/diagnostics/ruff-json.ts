import { z } from 'zod';
import type { Diagnostic } from '../../../shared/diagnostics';
import { jsonDocumentParser, type FindingsParser, type FindingsSource } from './parser';
import type { Locate } from './paths';
import { pythonSeverity } from './severity';

const Location = z.object({ row: z.number().int().min(0), column: z.number().int().min(0) });
const Item = z.object({
  filename: z.string(),
  location: Location,
  end_location: Location.nullish(),
  // null for syntax errors before Ruff 0.8 or so; `invalid-syntax` since
  code: z.string().nullish(),
  // the rule's name (`unused-import`), recent versions only
  name: z.string().nullish(),
  message: z.string(),
  url: z.string().nullish(),
});

const RULES = 'https://docs.astral.sh/ruff/rules/';

/**
 * `ruff check --output-format json`: an array of findings, read from the report file (`--output-file`) or stdout.
 * Ruff's own `severity` field says `error` for every rule, so the level comes from the code (see pythonSeverity).
 */
export function ruffJsonParser(locate: Locate, source: FindingsSource = 'report'): FindingsParser {
  const out: Diagnostic[] = [];
  return jsonDocumentParser({
    source,
    paths: ['$.*'],
    noun: "Ruff's report",
    onItem: ({ value }) => {
      const r = Item.safeParse(value);
      if (!r.success) return;
      const code = r.data.code ?? 'invalid-syntax';
      const end = r.data.end_location;
      const url = r.data.url?.startsWith(RULES) ? r.data.url : r.data.name && code !== 'invalid-syntax' ? `${RULES}${r.data.name}` : undefined;
      out.push({
        file: locate(r.data.filename),
        line: r.data.location.row,
        column: r.data.location.column,
        ...(end ? { endLine: end.row, endColumn: end.column } : {}),
        severity: pythonSeverity(code),
        code,
        message: r.data.message,
        ...(url ? { ruleUrl: url } : {}),
      });
    },
    result: () => out,
  });
}
