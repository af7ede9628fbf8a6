import { z } from 'zod';
import { SEVERITIES, type Diagnostic, type DiagnosticCounts } from '../diagnostics';
import type { Same } from './same';

/** The findings' shapes as zod schemas, for the IPC boundary and diagnostics.json; checked against shared/diagnostics.ts. */
export const SeveritySchema = z.enum(SEVERITIES);

export const DiagnosticSchema = z.object({
  file: z.string(),
  line: z.number().int().min(0),
  column: z.number().int().min(0),
  endLine: z.number().int().min(0).optional(),
  endColumn: z.number().int().min(0).optional(),
  severity: SeveritySchema,
  engineSeverity: z.string().max(40).optional(),
  code: z.string(),
  message: z.string(),
  ruleUrl: z.url({ protocol: /^https$/ }).optional(),
});

export const DiagnosticCountsSchema = z.object({
  error: z.number().int().min(0),
  warning: z.number().int().min(0),
  info: z.number().int().min(0),
});

// Compile-time: each schema's output is exactly its domain type.
const sameShapes: [Same<z.infer<typeof DiagnosticSchema>, Diagnostic>, Same<z.infer<typeof DiagnosticCountsSchema>, DiagnosticCounts>] = [true, true];
void sameShapes;
