import type { ComparedProblem } from '../../../shared/compare';
import type { Diagnostic } from '../../../shared/diagnostics';
import { partialFingerprints, problemHash } from './fingerprint';
import { matchProblems, type Keyed } from './match';
import { readerFor, type RunReader } from './run-reader';
import { lineTexts } from './source-lines';

/** A run's findings with their hashes and fingerprints, from the run's own copy of the project. */
export interface FingerprintedProblems {
  keyed: Keyed<Diagnostic>[];
  fingerprints: Map<Diagnostic, string | null>;
}

/** `run`: the run folder, or a reader over it (a compare shares one per run between problems and files). */
export async function fingerprintRun(run: string | RunReader, diagnostics: readonly Diagnostic[]): Promise<FingerprintedProblems> {
  const texts = await lineTexts(readerFor(run), diagnostics);
  const hashes = diagnostics.map((d, i) => problemHash(d, texts[i] ?? null));
  const fps = partialFingerprints(diagnostics, hashes);
  return {
    keyed: diagnostics.map((problem, i) => ({ problem, hash: hashes[i] ?? null })),
    fingerprints: new Map(diagnostics.map((d, i) => [d, fps[i] ?? null])),
  };
}

/** new / fixed / unchanged between two fingerprinted runs. */
export function compareProblems(a: FingerprintedProblems, b: FingerprintedProblems): { new: ComparedProblem[]; fixed: ComparedProblem[]; unchanged: ComparedProblem[] } {
  const m = matchProblems(a.keyed, b.keyed);
  // A finding without a readable line still gets a stable id: its location stands in for the line's text.
  const fp = (run: FingerprintedProblems, d: Diagnostic) => run.fingerprints.get(d) ?? `${d.file}:${d.line}:${d.column}:${d.code}`;
  return {
    new: m.added.map((d) => ({ fingerprint: fp(b, d), a: null, b: d })),
    fixed: m.fixed.map((d) => ({ fingerprint: fp(a, d), a: d, b: null })),
    unchanged: m.unchanged.map(([x, y]) => ({ fingerprint: fp(b, y), a: x, b: y })),
  };
}
