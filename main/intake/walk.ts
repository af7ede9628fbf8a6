import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { throwIfCancelled } from './cancel';
import { isDenied, isMissing } from '../store/fs-errors';
import { childRel, joinName, type FsPath, type RelPath } from './paths';
import { timeSlicer } from './time-slice';

/**
 * An iterative, depth-first walk that lstats every entry, in name order, and never follows a link. The readdir and
 * lstat calls are synchronous, in time slices (see time-slice.ts): through the pool they cost more than the calls.
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

export async function walk(root: FsPath, hooks: WalkHooks): Promise<void> {
  const slice = timeSlicer();
  const stack: WalkFolder[] = [{ abs: root, rel: null, depth: 0 }];
  while (stack.length > 0) {
    throwIfCancelled(hooks.signal);
    const folder = stack.pop() as WalkFolder;
    let names: Buffer[];
    try {
      names = readdirSync(folder.abs, { encoding: 'buffer' });
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
    for (const raw of names) {
      const pause = slice();
      if (pause) {
        await pause;
        throwIfCancelled(hooks.signal);
      }
      const found = await visitOne(folder, raw, siblings, hooks);
      if (found) sub.push(found);
    }
    for (let i = sub.length - 1; i >= 0; i -= 1) stack.push(sub[i] as WalkFolder);
  }
}

async function visitOne(folder: WalkFolder, raw: Buffer, siblings: readonly string[], hooks: WalkHooks): Promise<WalkFolder | null> {
  const abs = joinName(folder.abs, raw);
  const rel = childRel(folder.rel, raw);
  let stat: Stats;
  try {
    stat = lstatSync(abs);
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
