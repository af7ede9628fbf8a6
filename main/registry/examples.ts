import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { Example } from '../../shared/projects';

/**
 * Bundled examples: `<examplesDir>/<tool-id>/<example-id>/example.json` plus the project's files.
 * Read-only data: nothing here writes (the intake copies an example for each run). Ids are unique across tools.
 */
const ExampleMetaSchema = z.object({ name: z.string().min(1).max(120), description: z.string().min(1).max(300) });
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && ID.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

async function readMeta(dir: string): Promise<z.infer<typeof ExampleMetaSchema> | undefined> {
  try {
    const parsed = ExampleMetaSchema.safeParse(JSON.parse(await readFile(path.join(dir, 'example.json'), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Every valid example, by tool then id. A folder without a valid example.json is not an example. */
export async function listExamples(examplesDir: string): Promise<Example[]> {
  const out: Example[] = [];
  for (const toolId of await subdirs(examplesDir)) {
    for (const id of await subdirs(path.join(examplesDir, toolId))) {
      const meta = await readMeta(path.join(examplesDir, toolId, id));
      if (meta) out.push({ id, toolId, name: meta.name, description: meta.description });
    }
  }
  return out;
}

/** The absolute folder of an example. The id must be a plain slug (no separators, dots or `..`). */
export async function examplePath(examplesDir: string, exampleId: string): Promise<string> {
  if (!ID.test(exampleId)) throw new AppError('not-found', `There is no example "${exampleId}".`);
  for (const toolId of await subdirs(examplesDir)) {
    const dir = path.resolve(examplesDir, toolId, exampleId);
    try {
      if ((await lstat(dir)).isDirectory() && (await readMeta(dir))) return dir;
    } catch {
      // not under this tool
    }
  }
  throw new AppError('not-found', `There is no example "${exampleId}".`);
}
