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

/**
 * The window's compare is paged: `jobs:compare` answers with the counts and the first page of each list, and
 * `compare:problems` / `compare:files` hand out further slices by offset, so a compare of 100,000 problems never
 * crosses IPC (or zod, or the page's JSON parser) in one piece. The one bound on a page's size, for both sides.
 */
export const COMPARE_PAGE_SIZE = 200;

export const ProblemStateSchema = z.enum(['new', 'fixed', 'unchanged']);
export type ProblemState = z.infer<typeof ProblemStateSchema>;

export const ProblemPageSchema = z.object({
  offset: z.number().int().min(0),
  /** How many the whole list holds. */
  total: z.number().int().min(0),
  items: z.array(ComparedProblemSchema).max(COMPARE_PAGE_SIZE),
});
export type ProblemPage = z.infer<typeof ProblemPageSchema>;

export const FilePageSchema = z.object({
  offset: z.number().int().min(0),
  total: z.number().int().min(0),
  items: z.array(FileChangeSchema).max(COMPARE_PAGE_SIZE),
});
export type FilePage = z.infer<typeof FilePageSchema>;

/** A compare held in main for paging: its id, the runs, the notes, and the first page of every list. */
export const CompareOpenedSchema = z.object({
  compareId: z.string(),
  a: RunSideSchema,
  b: RunSideSchema,
  problems: z.object({ new: ProblemPageSchema, fixed: ProblemPageSchema, unchanged: ProblemPageSchema }),
  files: z.object({ changes: FilePageSchema, unchanged: z.number().int().min(0) }),
  notes: z.array(z.string()),
});
export type CompareOpened = z.infer<typeof CompareOpenedSchema>;

/** One changed file's diff, asked for when the file is opened. */
export const FileDiffSchema = FileChangeSchema.pick({ diff: true, diffNote: true });
export type FileDiff = z.infer<typeof FileDiffSchema>;

/** A slice of a list: `offset` clamped to the list, at most COMPARE_PAGE_SIZE items. */
export function pageOf<T>(list: readonly T[], offset: number, limit = COMPARE_PAGE_SIZE): { offset: number; total: number; items: T[] } {
  const from = Math.max(0, Math.min(offset, list.length));
  return { offset: from, total: list.length, items: list.slice(from, from + Math.max(0, Math.min(limit, COMPARE_PAGE_SIZE))) };
}

/** The paged form of a whole compare result: what `jobs:compare` answers. */
export function openedCompare(compareId: string, r: CompareResult): CompareOpened {
  return {
    compareId,
    a: r.a,
    b: r.b,
    problems: { new: pageOf(r.problems.new, 0), fixed: pageOf(r.problems.fixed, 0), unchanged: pageOf(r.problems.unchanged, 0) },
    files: { changes: pageOf(r.files.changes, 0), unchanged: r.files.unchanged },
    notes: r.notes,
  };
}
