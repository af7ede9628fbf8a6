import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { throwIfCancelled } from './cancel';
import { isDenied, isMissing } from '../store/fs-errors';
import { childRel, joinName, type FsPath, type RelPath } from './paths';

/**
 * An iterative, depth-first walk that lstats every entry and never follows a link.
 *
 * Hand-written rather than fdir: fdir reads names as strings (a name that is not valid UTF-8 comes back with U+FFFD
 * and cannot be opened again), and here every entry needs an lstat, a per-folder decision (skip rules that look at
 * siblings) and a cancellation check anyway. An explicit stack keeps deep trees off the call stack.
 */
export interface WalkEntry {
  abs: FsPath;
  rel: RelPath;
  /** Lossy (U+FFFD) form of the name, for rules and display. */
  name: string;
  nameRaw: Buffer;
  /** 1 for entries directly in the root. */
  depth: number;
  stat: Stats;
}

export interface WalkFolder {
  abs: FsPath;
  rel: RelPath | null;
  depth: number;
}

export interface WalkHooks {
  /** Called for every entry; return true to walk into it (ignored for anything but a folder). */
  visit(entry: WalkEntry, siblings: readonly string[]): boolean | Promise<boolean>;
  /** A folder (rel null: the root) or entry that cannot be listed or lstat-ed for lack of permission. */
  unreadable(rel: RelPath | null): void;
  signal?: AbortSignal | undefined;
}

/** lstat calls in flight at once within one folder. */
const BATCH = 32;

export async function walk(root: FsPath, hooks: WalkHooks): Promise<void> {
  const stack: WalkFolder[] = [{ abs: root, rel: null, depth: 0 }];
  while (stack.length > 0) {
    throwIfCancelled(hooks.signal);
    const folder = stack.pop() as WalkFolder;
    let names: Buffer[];
    try {
      names = await readdir(folder.abs, { encoding: 'buffer' });
    } catch (err) {
      if (isMissing(err)) continue; // vanished since it was listed
      if (isDenied(err)) {
        hooks.unreadable(folder.rel);
        continue;
      }
      throw err;
    }
    names.sort(Buffer.compare);
    const siblings = names.map((n) => n.toString('utf8'));
    const sub: WalkFolder[] = [];
    for (let i = 0; i < names.length; i += BATCH) {
      throwIfCancelled(hooks.signal);
      const found = await Promise.all(names.slice(i, i + BATCH).map((raw) => visitOne(folder, raw, siblings, hooks)));
      for (const f of found) if (f) sub.push(f);
    }
    for (let i = sub.length - 1; i >= 0; i -= 1) stack.push(sub[i] as WalkFolder);
  }
}

async function visitOne(folder: WalkFolder, raw: Buffer, siblings: readonly string[], hooks: WalkHooks): Promise<WalkFolder | null> {
  const abs = joinName(folder.abs, raw);
  const rel = childRel(folder.rel, raw);
  let stat: Stats;
  try {
    stat = await lstat(abs);
  } catch (err) {
    if (isMissing(err)) return null;
    if (isDenied(err)) {
      hooks.unreadable(rel);
      return null;
    }
    throw err;
  }
  const depth = folder.depth + 1;
  const descend = await hooks.visit({ abs, rel, name: raw.toString('utf8'), nameRaw: raw, depth, stat }, siblings);
  return descend && stat.isDirectory() ? { abs, rel, depth } : null;
}
