import { z } from 'zod';
import { DiagnosticCountsSchema, DiagnosticSchema } from './wire/diagnostics';
import { isActive, type JobRecord } from './jobs';
import { EngineInfoSchema, JobStatusSchema } from './wire/jobs';

/**
 * What changed between two runs (A, the older, and B): problems new in B, fixed since A, unchanged (moved lines
 * included), files the tools produced, and the runs' facts side by side. Computed in main by results/compare.
 */

export const RunSideSchema = z.object({
  jobId: z.string(),
  toolId: z.string(),
  toolName: z.string(),
  projectName: z.string(),
  status: JobStatusSchema,
  exitCode: z.number().int().nullable(),
  durationMs: z.number().nullable(),
  finishedAt: z.number().nullable(),
  engine: EngineInfoSchema.nullable(),
  diagnostics: DiagnosticCountsSchema.nullable(),
});
export type RunSide = z.infer<typeof RunSideSchema>;

/** One problem of a compare: `a` is the finding in run A, `b` in run B (a new one has no `a`, a fixed one no `b`). */
export const ComparedProblemSchema = z.object({
  /** SARIF-style partial fingerprint (`hash:occurrence`) of the problem in the run that has it (B when both do). */
  fingerprint: z.string(),
  a: DiagnosticSchema.nullable(),
  b: DiagnosticSchema.nullable(),
});
export type ComparedProblem = z.infer<typeof ComparedProblemSchema>;

export const FileChangeSchema = z.object({
  /** Relative to the run folder (`output/…`, `input/…`), forward slashes. */
  path: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  sizeA: z.number().int().min(0).nullable(),
  sizeB: z.number().int().min(0).nullable(),
  kind: z.enum(['text', 'binary']),
  /** A unified diff for a changed text file; null when binary, too large, or past the compare's diff budget. */
  diff: z.string().nullable(),
  /** Why there is no diff, in plain words (null when there is one or the file is not a changed text file). */
  diffNote: z.string().nullable(),
});
export type FileChange = z.infer<typeof FileChangeSchema>;

export const CompareResultSchema = z.object({
  a: RunSideSchema,
  b: RunSideSchema,
  problems: z.object({
    new: z.array(ComparedProblemSchema),
    fixed: z.array(ComparedProblemSchema),
    unchanged: z.array(ComparedProblemSchema),
  }),
  files: z.object({
    changes: z.array(FileChangeSchema),
    unchanged: z.number().int().min(0),
  }),
  /** Things the reader should know: different tools, a run with no diagnostics, lists cut at a bound. */
  notes: z.array(z.string()),
});
export type CompareResult = z.infer<typeof CompareResultSchema>;

/** The run before `jobId` of the same tool on the same project, finished (for "Compare with previous"); null if none. */
export function previousRun(records: readonly JobRecord[], jobId: string): JobRecord | null {
  const current = records.find((r) => r.jobId === jobId);
  if (!current) return null;
  let best: JobRecord | null = null;
  for (const r of records) {
    if (r.jobId === jobId || isActive(r.status) || r.toolId !== current.toolId || r.project.source !== current.project.source) continue;
    if (r.queuedAt >= current.queuedAt) continue;
    if (!best || r.queuedAt > best.queuedAt) best = r;
  }
  return best;
}
