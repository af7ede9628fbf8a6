import type { z } from 'zod';

/** What went wrong with one field, kept structured so the field can say it in its own unit. */
export interface FieldIssue {
  code: string;
  message: string;
  minimum?: number;
  maximum?: number;
  expected?: string;
}

/** `["tools", "x", "timeoutSec"]` → `tools.x.timeoutSec`; `["customTools", 2, "id"]` → `customTools[2].id` (main's form). */
export function fieldId(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/** The first issue per field. */
export function issuesByField(error: z.ZodError): Map<string, FieldIssue> {
  const out = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const id = fieldId(issue.path);
    if (out.has(id)) continue;
    const raw = issue as { minimum?: unknown; maximum?: unknown; expected?: unknown };
    out.set(id, {
      code: issue.code,
      message: issue.message,
      ...(typeof raw.minimum === 'number' ? { minimum: raw.minimum } : typeof raw.minimum === 'bigint' ? { minimum: Number(raw.minimum) } : {}),
      ...(typeof raw.maximum === 'number' ? { maximum: raw.maximum } : typeof raw.maximum === 'bigint' ? { maximum: Number(raw.maximum) } : {}),
      ...(typeof raw.expected === 'string' ? { expected: raw.expected } : {}),
    });
  }
  return out;
}

export interface Unit {
  /** How many stored units one shown unit is (MB → 1048576 bytes). */
  factor: number;
  name: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));

/** An issue in plain words, in the unit the field shows: "At least 16 MB". */
export function describeIssue(issue: FieldIssue, unit?: Unit): string {
  const factor = unit?.factor ?? 1;
  const suffix = unit?.name ? ` ${unit.name}` : '';
  if (issue.code === 'too_small' && issue.minimum !== undefined) return `At least ${fmt(issue.minimum / factor)}${suffix}.`;
  if (issue.code === 'too_big' && issue.maximum !== undefined) return `At most ${fmt(issue.maximum / factor)}${suffix}.`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'Use a whole number.';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Enter a number.';
  return issue.message;
}
