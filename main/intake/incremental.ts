import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { copyProject } from './copy';
import { diffManifest, manifestKey } from './manifest';
import { entryPath } from './paths';
import type { Manifest, ManifestEntry, OpenedProject } from './types';

export interface MirrorSync {
  /** The project's manifest now (the source side: what the next sync compares with). */
  manifest: Manifest;
  /** Files copied from the project: added or changed since `previous`. */
  copied: ManifestEntry[];
  /** Files gone from the project since `previous` (deleted, or the old name of a rename), removed from the mirror. */
  removed: ManifestEntry[];
}

/**
 * Brings `mirrorDir` up to date with a freshly opened project (scanned with intake's rules: limits, links, skipped
 * folders, .gitignore), copying only the files that are new or changed since `previous` (the manifest of the last
 * sync; null: a fresh mirror, everything is copied). Changed files are replaced, removed ones deleted (a rename is
 * one of each). The copy itself is intake's copyProject, so the same link and limit rules hold for every file.
 */
export async function syncMirror(project: OpenedProject, mirrorDir: string, previous: Manifest | null, opts: { signal?: AbortSignal } = {}): Promise<MirrorSync> {
  const mirror = path.resolve(mirrorDir);
  if (previous === null) await rm(mirror, { recursive: true, force: true });
  const { added, changed } = previous ? diffManifest(previous, project.manifest) : { added: project.manifest.files, changed: [] };
  const now = new Set(project.manifest.files.map(manifestKey));
  const removed = previous ? previous.files.filter((e) => !now.has(manifestKey(e))) : [];

  for (const e of [...removed, ...changed]) await rm(entryPath(mirror, e), { force: true });
  await pruneEmptyFolders(mirror, removed);

  const copied = [...added, ...changed];
  if (copied.length > 0) {
    const bytes = copied.reduce((n, e) => n + e.size, 0);
    await copyProject({ ...project, manifest: { files: copied, bytes } }, mirror, opts.signal ? { signal: opts.signal } : {});
  }
  return { manifest: project.manifest, copied, removed };
}

/** Folders left empty by removals go too (a folder renamed away, or a folder that becomes a file of that name). */
async function pruneEmptyFolders(mirror: string, removed: readonly ManifestEntry[]): Promise<void> {
  const folders = new Set<string>();
  for (const e of removed) {
    if (e.rawPath !== undefined) continue; // non-UTF-8 names: left in place, harmless (the next full copy starts clean)
    const parts = e.path.split('/').slice(0, -1);
    for (let i = parts.length; i > 0; i -= 1) folders.add(parts.slice(0, i).join('/'));
  }
  // Deepest first, so a parent is tried after its children.
  for (const rel of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
    const abs = path.join(mirror, ...rel.split('/'));
    const entries = await readdir(abs).catch(() => null);
    if (entries && entries.length === 0) await rmdir(abs).catch(() => undefined);
  }
}
