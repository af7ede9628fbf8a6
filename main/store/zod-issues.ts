import type { z } from 'zod';

export interface FieldProblem {
  field: string;
  message: string;
}

/** A dotted field name for an issue path; '(file)' for the root. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(file)' : path.map(String).join('.');
}

/** One problem per issue; unknown keys are reported one by one, under their own names. */
export function problemsOf(error: z.ZodError): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: fieldName([...issue.path, key]), message: 'unknown setting' });
    } else {
      out.push({ field: fieldName(issue.path), message: issue.message });
    }
  }
  return out;
}

export const describeProblems = (problems: readonly FieldProblem[]): string =>
  problems.map((p) => `${p.field}: ${p.message}`).join('; ');
