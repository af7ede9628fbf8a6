import type { Stats } from 'node:fs';
import { readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside, parentOf, type FsPath } from './paths';

/**
 * The rule for symbolic links found in a project (documented in index.ts):
 *  - pointing outside the project (directly or through other links): skipped, 'link-outside'; never followed;
 *  - to a regular file inside the project: taken as that file's content (copied as a plain file);
 *  - to a folder inside the project: skipped, 'link' (following them could loop or duplicate the tree);
 *  - broken or looping: skipped, 'link';
 *  - to a FIFO, socket or device inside: skipped, 'special-file'.
 */
export type LinkVerdict =
  | { kind: 'file'; stat: Stats }
  | { kind: 'skip'; reason: 'link' | 'link-outside' | 'special-file' };

const skip = (reason: 'link' | 'link-outside' | 'special-file'): LinkVerdict => ({ kind: 'skip', reason });

export async function classifyLink(abs: FsPath, realRoot: Buffer): Promise<LinkVerdict> {
  let target: Buffer;
  try {
    target = await readlink(abs, { encoding: 'buffer' });
  } catch {
    return skip('link');
  }
  // Where the link itself says it goes: judged without touching anything outside.
  const lexical = path.resolve(parentOf(abs).toString(), target.toString());
  if (!isInside(realRoot, Buffer.from(lexical))) return skip('link-outside');

  let real: Buffer;
  try {
    real = await realpath(abs, { encoding: 'buffer' });
  } catch {
    return skip('link');
  }
  if (!isInside(realRoot, real)) return skip('link-outside');
  let st: Stats;
  try {
    st = await stat(real);
  } catch {
    return skip('link');
  }
  if (st.isDirectory()) return skip('link');
  if (!st.isFile()) return skip('special-file');
  return { kind: 'file', stat: st };
}
