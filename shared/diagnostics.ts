import { z } from 'zod';

/**
 * One finding of a tool, in the shape every engine's output is turned into.
 * A Hapyy CLI can emit this directly: one JSON object per line (`--diagnostics-format jsonl`), or SARIF 2.1.0,
 * whose `result.locations[0].physicalLocation` maps to file/line/column and `level` to severity.
 */
export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const DiagnosticSchema = z.object({
  /** Path relative to the project's root, with forward slashes. */
  file: z.string(),
  line: z.number().int().min(0),
  column: z.number().int().min(0),
  endLine: z.number().int().min(0).optional(),
  endColumn: z.number().int().min(0).optional(),
  severity: SeveritySchema,
  code: z.string(),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

export const DiagnosticCountsSchema = z.object({
  error: z.number().int().min(0),
  warning: z.number().int().min(0),
  info: z.number().int().min(0),
});
export type DiagnosticCounts = z.infer<typeof DiagnosticCountsSchema>;

export function countDiagnostics(list: readonly Diagnostic[]): DiagnosticCounts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of list) counts[d.severity] += 1;
  return counts;
}
