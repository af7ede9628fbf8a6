import { promises as fsp } from 'node:fs';
import { formatBytes } from '../../shared/format';

export type JsonRead = { kind: 'missing' } | { kind: 'ok'; value: unknown } | { kind: 'bad'; reason: string };

/**
 * Reads a JSON file; a missing file, one larger than `maxBytes` (not read at all) and unparsable text are results,
 * not errors. Other I/O errors throw.
 */
export async function readJsonFile(path: string, maxBytes = Number.POSITIVE_INFINITY): Promise<JsonRead> {
  let text: string;
  try {
    const size = (await fsp.stat(path)).size;
    if (size > maxBytes) return { kind: 'bad', reason: `larger than ${formatBytes(maxBytes)} (${formatBytes(size)})` };
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
