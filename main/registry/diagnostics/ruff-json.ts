import { z } from 'zod';
import type { Diagnostic } from '../../../shared/diagnostics';
import { relativeToInput } from './paths';
import { pythonSeverity } from './severity';

const Location = z.object({ row: z.number().int().min(0), column: z.number().int().min(0) });
const Item = z.object({
  filename: z.string(),
  location: Location,
  end_location: Location.nullish(),
  // null for syntax errors in recent Ruff versions
  code: z.string().nullish(),
  message: z.string(),
});

/**
 * `ruff check --output-format json`: an array of findings. Severity: error for F8xx (undefined names and the like)
 * and E9xx (syntax/IO errors), warning otherwise — Ruff itself has no severities.
 */
export function parseRuffJson(stdout: string, inputDir: string): Diagnostic[] {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const out: Diagnostic[] = [];
  for (const raw of data) {
    const r = Item.safeParse(raw);
    if (!r.success) continue;
    const code = r.data.code ?? 'syntax-error';
    const end = r.data.end_location;
    out.push({
      file: relativeToInput(r.data.filename, inputDir),
      line: r.data.location.row,
      column: r.data.location.column,
      ...(end ? { endLine: end.row, endColumn: end.column } : {}),
      severity: pythonSeverity(code),
      code,
      message: r.data.message,
    });
  }
  return out;
}
