import { randomUUID } from 'node:crypto';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DATA_LAYOUT } from '../../store';
import { PRIVATE_FILE_MODE } from '../../store/private-modes';

const ClientFileSchema = z.object({ poolClientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });

/**
 * This data folder's identity towards a shared pool: stamped on every pool job it submits, so after a restart it
 * takes up only its own jobs. Made once and kept; the app and the CLI sharing a data folder share it.
 */
export async function poolClientId(dataDir: string): Promise<string> {
  const path = join(dataDir, DATA_LAYOUT.poolClient);
  const existing = await readId(path);
  if (existing) return existing;
  const fresh = randomUUID();
  // Written aside, then linked into place: link fails when the name exists, so two processes starting at once
  // cannot each keep their own id (the loser reads the winner's), and a reader never sees a half-written file.
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ poolClientId: fresh })}\n`, { mode: PRIVATE_FILE_MODE });
  try {
    await link(tmp, path);
    return fresh;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = await readId(path);
    if (!winner) throw new Error(`${path} is not a pool client id file; remove it to make a new one`, { cause: err });
    return winner;
  } finally {
    await rm(tmp, { force: true });
  }
}

async function readId(path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return ClientFileSchema.parse(JSON.parse(text)).poolClientId;
  } catch {
    return null;
  }
}
