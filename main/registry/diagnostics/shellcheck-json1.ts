import { z } from 'zod';
import type { Diagnostic, Severity } from '../../../shared/diagnostics';
import { relativeToInput } from './paths';

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

const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'info' };

/** `shellcheck -f json1`: `{"comments":[…]}`; level `style` becomes info; code 2086 becomes `SC2086`. */
export function parseShellcheckJson1(stdout: string, inputDir: string): Diagnostic[] {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return [];
  }
  const comments = (data as { comments?: unknown } | null)?.comments;
  if (!Array.isArray(comments)) return [];
  const out: Diagnostic[] = [];
  for (const raw of comments) {
    const c = Comment.safeParse(raw);
    if (!c.success) continue;
    const code = String(c.data.code);
    out.push({
      file: relativeToInput(c.data.file, inputDir),
      line: c.data.line,
      column: c.data.column,
      ...(c.data.endLine !== undefined ? { endLine: c.data.endLine } : {}),
      ...(c.data.endColumn !== undefined ? { endColumn: c.data.endColumn } : {}),
      severity: LEVELS[c.data.level] ?? 'warning',
      code: /^\d+$/.test(code) ? `SC${code}` : code,
      message: c.data.message,
    });
  }
  return out;
}
