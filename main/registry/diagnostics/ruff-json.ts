import { z } from 'zod';
import { jsonReportParser, type FindingsParser, type FindingsSource } from './parser';
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
  return jsonReportParser({
    source,
    path: '$.*',
    noun: "Ruff's report",
    entry: Item,
    findings: (r) => {
      const code = r.code ?? 'invalid-syntax';
      const end = r.end_location;
      const url = r.url?.startsWith(RULES) ? r.url : r.name && code !== 'invalid-syntax' ? `${RULES}${r.name}` : undefined;
      return [
        {
          file: locate(r.filename),
          line: r.location.row,
          column: r.location.column,
          ...(end ? { endLine: end.row, endColumn: end.column } : {}),
          severity: pythonSeverity(code),
          code,
          message: r.message,
          ...(url ? { ruleUrl: url } : {}),
        },
      ];
    },
  });
}
