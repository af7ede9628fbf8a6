import type { Manifest, ManifestEntry } from './types';

/** Identity of an entry across manifests: its exact bytes where the display path is lossy. */
export const manifestKey = (e: Pick<ManifestEntry, 'path' | 'rawPath'>): string =>
  e.rawPath !== undefined ? `raw:${e.rawPath}` : `path:${e.path}`;

/** Files in `after` that are not in `before`, and files whose size, mtime or mode differ. Removed files are not reported. */
export function diffManifest(before: Manifest, after: Manifest): { added: ManifestEntry[]; changed: ManifestEntry[] } {
  const previous = new Map(before.files.map((e) => [manifestKey(e), e]));
  const added: ManifestEntry[] = [];
  const changed: ManifestEntry[] = [];
  for (const e of after.files) {
    const p = previous.get(manifestKey(e));
    if (!p) added.push(e);
    else if (p.size !== e.size || p.mtimeMs !== e.mtimeMs || p.mode !== e.mode) changed.push(e);
  }
  return { added, changed };
}

export function sortManifestEntries(files: ManifestEntry[]): ManifestEntry[] {
  return files.sort((a, b) => {
    if (a.path !== b.path) return a.path < b.path ? -1 : 1;
    const ra = a.rawPath ?? '';
    const rb = b.rawPath ?? '';
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  });
}
