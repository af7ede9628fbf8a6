import { z } from 'zod';

export const FileNodeSchema = z.object({
  /** Relative to the run folder, forward slashes. */
  path: z.string(),
  name: z.string(),
  type: z.enum(['file', 'dir', 'link']),
  size: z.number().int().min(0),
  origin: z.enum(['output', 'input-new', 'input-changed', 'input']),
});
export type FileNode = z.infer<typeof FileNodeSchema>;

export const PreviewSchema = z.object({
  path: z.string(),
  size: z.number().int().min(0),
  kind: z.enum(['text', 'binary', 'link', 'dir']),
  /** First bytes of a text file (at most PREVIEW_BYTES), decoded as UTF-8. */
  text: z.string(),
  truncated: z.boolean(),
  language: z.string().nullable(),
});
export type Preview = z.infer<typeof PreviewSchema>;

export const PREVIEW_BYTES = 500 * 1024;
