/** Sibling order everywhere in results: folders first, then names as a person sorts them (a2 before a10). */
// Made on first use, not at import: creating it loads ICU collation data (about 20 ms), which a CLI run that
// sorts nothing need not wait for.
let collator: Intl.Collator | null = null;

export function compareNames(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function compareEntries(a: { dir: boolean; name: string }, b: { dir: boolean; name: string }): number {
  if (a.dir !== b.dir) return a.dir ? -1 : 1;
  return compareNames(a.name, b.name);
}

/**
 * Pre-order of file paths ('a/b/c', forward slashes), all of them files: at the first segment where two paths differ,
 * one that goes on into a folder comes before one that ends there, else by name.
 */
export function compareFilePaths(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i += 1) {
    const x = as[i] as string;
    const y = bs[i] as string;
    if (x === y) continue;
    return compareEntries({ dir: i < as.length - 1, name: x }, { dir: i < bs.length - 1, name: y });
  }
  return as.length - bs.length;
}
