/**
 * One finding of a tool, in the shape every engine's output is turned into (see main/registry/diagnostics for the
 * formats read: ShellCheck json1, Ruff JSON, Pyflakes and tsc text, clang/gcc-style lines, SARIF 2.1.0, rust-fv JSON).
 * Plain TypeScript, the domain; the zod schemas that check it at boundaries are in shared/wire/diagnostics.ts.
 *
 * `severity` is the three-level scale the counts, filters and colours use; `engineSeverity` keeps the engine's own
 * word for it where the engine has one (ShellCheck `style` and `info` both count as info, and stay told apart).
 */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Diagnostic {
  /** Path relative to the project's root, with forward slashes; '' for a finding about no file. */
  file: string;
  line: number;
  column: number;
  endLine?: number | undefined;
  endColumn?: number | undefined;
  severity: Severity;
  /** The engine's own level word (`style`, `note`, `suggestion`…), when it has levels. */
  engineSeverity?: string | undefined;
  code: string;
  message: string;
  /** The engine's page for this rule (https only). */
  ruleUrl?: string | undefined;
}

export interface DiagnosticCounts {
  error: number;
  warning: number;
  info: number;
}

export function countDiagnostics(list: readonly Diagnostic[]): DiagnosticCounts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of list) counts[d.severity] += 1;
  return counts;
}
