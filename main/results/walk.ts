import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { isDenied, isMissing } from '../store/fs-errors';
import { compareEntries } from './order';

/**
 * A breadth-first walk over folders of a run that lstats every entry and never follows a link.
 *
 * Hand-written rather than fdir: every entry needs an lstat (size, type, mtime, and links reported as links), the walk
 * must stop early at a bound without listing the rest, siblings must come sorted (folders first), and names are read
 * as bytes so a name that is not valid UTF-8 can still be opened (for export) — fdir gives none of these.
 * Breadth-first so that, when a bound cuts the walk, the shallow levels of every root are complete.
 */
export interface WalkStart {
  /** Absolute path of a real folder (the caller has lstat-ed it: not a link). */
  abs: string;
  /** Its path relative to the run folder, forward slashes, e.g. 'output'. */
  rel: string;
}

export interface WalkEntry {
  abs: Buffer;
  /** Relative to the run folder, forward slashes; lossy (U+FFFD) where a name is not valid UTF-8. */
  rel: string;
  /** Exact bytes of the path relative to the walk's start folder. */
  inner: Buffer;
  /** The path of the folder it is in, relative to the run folder. */
  parent: string;
  name: string;
  stat: Stats;
}

/** Return false to stop the whole walk. Folders are descended into after their siblings were visited. */
export type Visit = (entry: WalkEntry) => boolean;

export interface WalkOptions {
  signal?: AbortSignal | undefined;
}

/** lstat calls in flight at once. */
const BATCH = 32;
const SLASH = Buffer.from('/');

interface Folder {
  abs: Buffer;
  rel: string;
  inner: Buffer;
}

/** Walks the start folders; resolves true when every entry was visited, false when `visit` stopped it. */
export async function walkRun(starts: readonly WalkStart[], visit: Visit, opts: WalkOptions = {}): Promise<boolean> {
  const queue: (Folder | undefined)[] = starts.map((s) => ({ abs: Buffer.from(s.abs), rel: s.rel, inner: Buffer.alloc(0) }));
  for (let head = 0; head < queue.length; head += 1) {
    const folder = queue[head];
    if (!folder) continue;
    queue[head] = undefined; // let the folders already walked be collected
    const dirents = await listFolder(folder.abs, opts.signal);
    for (let i = 0; i < dirents.length; i += BATCH) {
      throwIfCancelled(opts.signal);
      const batch = dirents.slice(i, i + BATCH);
      const stats = await Promise.all(batch.map((d) => lstatOrNull(Buffer.concat([folder.abs, SLASH, d.raw]))));
      for (let j = 0; j < batch.length; j += 1) {
        const stat = stats[j];
        const d = batch[j];
        if (!stat || !d) continue; // vanished or unreadable since it was listed
        const abs = Buffer.concat([folder.abs, SLASH, d.raw]);
        const inner = folder.inner.length === 0 ? d.raw : Buffer.concat([folder.inner, SLASH, d.raw]);
        const rel = `${folder.rel}/${d.name}`;
        if (!visit({ abs, rel, inner, parent: folder.rel, name: d.name, stat })) return false;
        if (stat.isDirectory()) queue.push({ abs, rel, inner });
      }
    }
  }
  return true;
}

interface Named {
  raw: Buffer;
  name: string;
  dir: boolean;
}

async function listFolder(abs: Buffer, signal: AbortSignal | undefined): Promise<Named[]> {
  throwIfCancelled(signal);
  let dirents: Dirent<Buffer>[];
  try {
    dirents = await readdir(abs, { encoding: 'buffer', withFileTypes: true });
  } catch (err) {
    if (isMissing(err) || isDenied(err)) return []; // vanished, or a folder the tool made unreadable
    throw err;
  }
  // Sorted by the folder's own type word (d_type), before any lstat, so a bound can stop without lstat-ing the rest.
  return dirents
    .map((d) => ({ raw: d.name, name: d.name.toString('utf8'), dir: d.isDirectory() }))
    .sort(compareEntries);
}

async function lstatOrNull(abs: Buffer): Promise<Stats | null> {
  try {
    return await lstat(abs);
  } catch (err) {
    if (isMissing(err) || isDenied(err)) return null;
    throw err;
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('cancelled');
}
