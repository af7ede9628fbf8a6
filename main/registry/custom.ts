import type { z } from 'zod';
import { CustomToolSchema, customToolToDef } from '../../shared/tools';
import type { ToolDef } from '../../shared/tools';

export interface CustomToolProblem {
  field: string;
  message: string;
}

export interface CustomToolsLoad {
  tools: ToolDef[];
  problems: CustomToolProblem[];
}

/** `customTools[2].args[0]` */
function fieldPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

function problemsOf(base: string, error: z.ZodError): CustomToolProblem[] {
  const out: CustomToolProblem[] = [];
  for (const issue of error.issues) {
    // One problem per unknown key, so the field named is the offending one.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: fieldPath(base, [...issue.path, key]), message: 'unknown field' });
    } else {
      out.push({ field: fieldPath(base, issue.path), message: issue.message });
    }
  }
  return out;
}

/**
 * Validates settings.customTools entry by entry: a bad entry is reported (field and reason) and not loaded,
 * the others still load. Never throws. The second entry with an id already used is reported and skipped.
 */
export function loadCustomTools(raw: readonly unknown[]): CustomToolsLoad {
  const tools: ToolDef[] = [];
  const problems: CustomToolProblem[] = [];
  const firstIndex = new Map<string, number>();
  raw.forEach((entry, i) => {
    const base = `customTools[${i}]`;
    const parsed = CustomToolSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(...problemsOf(base, parsed.error));
      return;
    }
    const seen = firstIndex.get(parsed.data.id);
    if (seen !== undefined) {
      problems.push({ field: `${base}.id`, message: `duplicate id "${parsed.data.id}" (already used by customTools[${seen}])` });
      return;
    }
    firstIndex.set(parsed.data.id, i);
    tools.push(customToolToDef(parsed.data));
  });
  return { tools, problems };
}
