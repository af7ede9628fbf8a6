import { promises as fsp } from 'node:fs';

export type JsonRead = { kind: 'missing' } | { kind: 'ok'; value: unknown } | { kind: 'bad'; reason: string };

/** Reads a JSON file; a missing file and unparsable text are results, not errors. Other I/O errors throw. */
export async function readJsonFile(path: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (err) {
    return { kind: 'bad', reason: `not valid JSON: ${(err as Error).message}` };
  }
}
