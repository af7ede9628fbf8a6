import { hash } from 'node:crypto';

/**
 * Problem fingerprints in the spirit of SARIF's `partialFingerprints`: a hash of what identifies a finding apart
 * from where it is (file, rule, message, and the text of its source line with whitespace normalised), plus an
 * occurrence index among findings with the same hash. A finding whose line moved keeps its fingerprint; one whose
 * line was edited gets a new one.
 */

/** The key under which SARIF output carries our fingerprint (`partialFingerprints["hapyy/v1"]`). */
export const FINGERPRINT_KEY = 'hapyy/v1';

export interface Locatable {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

/** Indentation and spacing changes do not make a line different. */
export function normalizeLine(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** The location-free hash of a finding; null when its source line could not be read (no text, no hash). */
export function problemHash(p: Pick<Locatable, 'file' | 'code' | 'message'>, lineText: string | null): string | null {
  if (lineText === null) return null;
  // crypto.hash: the one-shot form, about twice as fast as createHash().update().digest() for short inputs.
  return hash('sha256', [p.file, p.code, p.message, normalizeLine(lineText)].join('\0'), 'hex').slice(0, 32);
}

/**
 * `hash:occurrence` for each finding (null where the hash is null), the occurrence counted in source order among
 * findings with the same hash, so two identical findings on identical lines stay apart.
 */
export function partialFingerprints<T extends Locatable>(list: readonly T[], hashes: readonly (string | null)[]): (string | null)[] {
  const order = list.map((_, i) => i).sort((x, y) => byPosition(list[x] as T, list[y] as T));
  const seen = new Map<string, number>();
  const out: (string | null)[] = new Array<string | null>(list.length).fill(null);
  for (const i of order) {
    const hash = hashes[i];
    if (hash === null || hash === undefined) continue;
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    out[i] = `${hash}:${n}`;
  }
  return out;
}

export function byPosition(x: Locatable, y: Locatable): number {
  return x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line || x.column - y.column;
}

/** Splits `hash:occurrence` back into its parts (a foreign fingerprint without an occurrence counts as occurrence 0). */
export function splitFingerprint(fp: string): { hash: string; occurrence: number } {
  const at = fp.lastIndexOf(':');
  const n = at === -1 ? NaN : Number(fp.slice(at + 1));
  return Number.isInteger(n) && n >= 0 ? { hash: fp.slice(0, at), occurrence: n } : { hash: fp, occurrence: 0 };
}
