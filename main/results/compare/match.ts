import { byPosition, type Locatable } from './fingerprint';

/** A finding with its location-free hash (null when its source line was not available). */
export interface Keyed<T extends Locatable> {
  problem: T;
  hash: string | null;
}

export interface Matched<T> {
  /** In B, not in A. */
  added: T[];
  /** In A, not in B. */
  fixed: T[];
  /** Pairs [in A, in B]. */
  unchanged: [T, T][];
}

/**
 * Above this many candidate pairs in one file+rule+message group, the fallback pairs findings in line order
 * instead of by nearest line (nearest-first over all pairs is quadratic).
 */
const MAX_PAIRS = 1_000_000;

/**
 * Matches findings of run A with those of run B.
 * 1. Same hash (file, rule, message, normalised line text): paired in source order, wherever the line now is.
 * 2. What is left, within the same file + rule + message, is paired by nearest line, but only where a hash is
 *    missing on either side (the line could not be read, or a SARIF baseline carries no fingerprint) or the line
 *    number is the same (the line was edited, the finding stayed). Anything else is new or fixed: pairing any two
 *    leftovers of one rule would read a fix plus a new finding of the same rule in one file as a single "moved" one.
 */
export function matchProblems<T extends Locatable>(a: readonly Keyed<T>[], b: readonly Keyed<T>[]): Matched<T> {
  const usedA = new Uint8Array(a.length);
  const usedB = new Uint8Array(b.length);
  const unchanged: [number, number][] = [];

  const byHashA = groupIndices(a, (k) => k.hash);
  const byHashB = groupIndices(b, (k) => k.hash);
  for (const [hash, listB] of byHashB) {
    const listA = byHashA.get(hash);
    if (!listA) continue;
    const n = Math.min(listA.length, listB.length);
    for (let i = 0; i < n; i += 1) {
      const ia = listA[i] as number;
      const ib = listB[i] as number;
      usedA[ia] = 1;
      usedB[ib] = 1;
      unchanged.push([ia, ib]);
    }
  }

  const groupKey = (k: Keyed<T>) => `${k.problem.file}\0${k.problem.code}\0${k.problem.message}`;
  const restA = groupIndices(a, (k, i) => (usedA[i] ? null : groupKey(k)));
  const restB = groupIndices(b, (k, i) => (usedB[i] ? null : groupKey(k)));
  for (const [key, listB] of restB) {
    const listA = restA.get(key);
    if (!listA) continue;
    const eligible = (ia: number, ib: number) => {
      const x = a[ia] as Keyed<T>;
      const y = b[ib] as Keyed<T>;
      return x.hash === null || y.hash === null || x.problem.line === y.problem.line;
    };
    for (const [ia, ib] of nearestPairs(listA, listB, (i) => (a[i] as Keyed<T>).problem.line, (i) => (b[i] as Keyed<T>).problem.line, eligible)) {
      usedA[ia] = 1;
      usedB[ib] = 1;
      unchanged.push([ia, ib]);
    }
  }

  return {
    added: b.filter((_, i) => !usedB[i]).map((k) => k.problem),
    fixed: a.filter((_, i) => !usedA[i]).map((k) => k.problem),
    unchanged: unchanged.map(([ia, ib]) => [(a[ia] as Keyed<T>).problem, (b[ib] as Keyed<T>).problem]),
  };
}

/** Indices grouped by key (null keys left out), each group in source order. */
function groupIndices<T extends Locatable>(list: readonly Keyed<T>[], key: (k: Keyed<T>, i: number) => string | null): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  list.forEach((k, i) => {
    const g = key(k, i);
    if (g === null) return;
    const at = groups.get(g);
    if (at) at.push(i);
    else groups.set(g, [i]);
  });
  for (const ids of groups.values()) ids.sort((x, y) => byPosition((list[x] as Keyed<T>).problem, (list[y] as Keyed<T>).problem));
  return groups;
}

/** Eligible pairs, nearest lines first, each index used once. */
function nearestPairs(
  listA: number[],
  listB: number[],
  lineA: (i: number) => number,
  lineB: (i: number) => number,
  eligible: (ia: number, ib: number) => boolean,
): [number, number][] {
  const out: [number, number][] = [];
  if (listA.length * listB.length > MAX_PAIRS) {
    const n = Math.min(listA.length, listB.length);
    for (let i = 0; i < n; i += 1) if (eligible(listA[i] as number, listB[i] as number)) out.push([listA[i] as number, listB[i] as number]);
    return out;
  }
  const candidates: [number, number, number][] = [];
  for (const ia of listA) for (const ib of listB) if (eligible(ia, ib)) candidates.push([Math.abs(lineA(ia) - lineB(ib)), ia, ib]);
  candidates.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const takenA = new Set<number>();
  const takenB = new Set<number>();
  for (const [, ia, ib] of candidates) {
    if (takenA.has(ia) || takenB.has(ib)) continue;
    takenA.add(ia);
    takenB.add(ib);
    out.push([ia, ib]);
  }
  return out;
}
