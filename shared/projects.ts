import { z } from 'zod';
import { LanguageIdSchema } from './tools';

export const SkippedEntrySchema = z.object({
  path: z.string(),
  reason: z.enum(['link-outside', 'link', 'special-file', 'unreadable', 'ignored', 'too-deep', 'too-large']),
});

export const ProjectSummarySchema = z.object({
  /** Handle for later requests; the renderer never sends the path again. */
  projectId: z.string(),
  name: z.string(),
  source: z.string(),
  kind: z.enum(['folder', 'file', 'zip', 'example']),
  files: z.number().int().min(0),
  bytes: z.number().int().min(0),
  /** Files per language. */
  languages: z.array(z.object({ id: LanguageIdSchema, files: z.number().int().min(0) })),
  /** Tool ids whose source language appears in the project. */
  suggestedTools: z.array(z.string()),
  warnings: z.array(z.string()),
  skipped: z.array(SkippedEntrySchema),
  /** Names that would not survive on another OS (reserved, trailing dots, invalid bytes). */
  nonPortableNames: z.array(z.string()),
  scannedAt: z.number(),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

export const ScanProgressSchema = z.object({
  scanId: z.string(),
  files: z.number().int().min(0),
  bytes: z.number().int().min(0),
  done: z.boolean(),
});
export type ScanProgress = z.infer<typeof ScanProgressSchema>;

export const RecentProjectSchema = z.object({
  source: z.string(),
  name: z.string(),
  kind: z.enum(['folder', 'file', 'zip']),
  openedAt: z.number(),
});
export type RecentProject = z.infer<typeof RecentProjectSchema>;

export const ExampleSchema = z.object({
  id: z.string(),
  toolId: z.string(),
  name: z.string(),
  description: z.string(),
});
export type Example = z.infer<typeof ExampleSchema>;
