import { z } from 'zod';

/**
 * One finding of a tool, in the shape every engine's output is turned into (see main/registry/diagnostics for the
 * formats read: ShellCheck json1, Ruff JSON, Pyflakes and tsc text, clang/gcc-style lines, SARIF 2.1.0, rust-fv JSON).
 *
 * `severity` is the three-level scale the counts, filters and colours use; `engineSeverity` keeps the engine's own
 * word for it where the engine has one (ShellCheck `style` and `info` both count as info, and stay told apart).
 */
export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const DiagnosticSchema = z.object({
  /** Path relative to the project's root, with forward slashes; '' for a finding about no file. */
  file: z.string(),
  line: z.number().int().min(0),
  column: z.number().int().min(0),
  endLine: z.number().int().min(0).optional(),
  endColumn: z.number().int().min(0).optional(),
  severity: SeveritySchema,
  /** The engine's own level word (`style`, `note`, `suggestion`…), when it has levels. */
  engineSeverity: z.string().max(40).optional(),
  code: z.string(),
  message: z.string(),
  /** The engine's page for this rule (https only). */
  ruleUrl: z.url({ protocol: /^https$/ }).optional(),
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
