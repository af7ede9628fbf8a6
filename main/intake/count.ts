import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { throwIfCancelled } from './cancel';
import type { IgnoreMatcher } from './gitignore';
import { childRel, joinName, type FsPath, type RelPath } from './paths';
import { isSkippedFolder } from './skip-rules';

export interface CountOptions {
  ignore: IgnoreMatcher | null;
  maxDepth: number;
  /** Stop counting here; a result equal to it means "at least this many". */
  stopAfter: number;
  signal?: AbortSignal | undefined;
}

/**
 * Counts the files a scan would take, by names only (no lstat), with the same folder rules. Used once a project is
 * already over the file limit, so the message can give the real figure cheaply. Links are not counted or followed.
 */
export async function countFiles(root: FsPath, opts: CountOptions): Promise<number> {
  let count = 0;
  const stack: { abs: FsPath; rel: RelPath | null; depth: number }[] = [{ abs: root, rel: null, depth: 0 }];
  while (stack.length > 0) {
    throwIfCancelled(opts.signal);
    const folder = stack.pop() as (typeof stack)[number];
    let dirents: Dirent<Buffer>[];
    try {
      dirents = await readdir(folder.abs, { encoding: 'buffer', withFileTypes: true });
    } catch {
      continue; // unreadable or gone: the full scan lists these; here only the figure matters
    }
    const siblings = dirents.map((d) => d.name.toString('utf8'));
    for (const d of dirents) {
      if (d.isDirectory()) {
        const rel = childRel(folder.rel, d.name);
        const name = d.name.toString('utf8');
        if (folder.depth + 1 > opts.maxDepth || isSkippedFolder(name, siblings, folder.depth + 1) || opts.ignore?.(rel.text, true)) continue;
        stack.push({ abs: joinName(folder.abs, d.name), rel, depth: folder.depth + 1 });
      } else if (d.isFile()) {
        if (opts.ignore && opts.ignore(childRel(folder.rel, d.name).text, false)) continue;
        count += 1;
        if (count >= opts.stopAfter) return count;
      }
    }
  }
  return count;
}

/**
 * Counts every file below `root` (any folder, no rules), for the summary's "left out N files" figures. Stops at
 * `stopAfter` so a left-out node_modules with a million files costs a bounded number of readdir calls.
 */
export async function countAllFiles(root: FsPath, stopAfter: number, signal?: AbortSignal): Promise<number> {
  let count = 0;
  const stack: FsPath[] = [root];
  while (stack.length > 0 && count < stopAfter) {
    throwIfCancelled(signal);
    const folder = stack.pop() as FsPath;
    let dirents: Dirent<Buffer>[];
    try {
      dirents = await readdir(folder, { encoding: 'buffer', withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of dirents) {
      if (d.isDirectory()) stack.push(joinName(folder, d.name));
      else count += 1;
    }
  }
  return Math.min(count, stopAfter);
}
