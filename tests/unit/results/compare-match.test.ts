import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchProblems, normalizeLine, partialFingerprints, problemHash, splitFingerprint, type Keyed, type Locatable } from '../../../main/results/compare';

type P = Locatable & { id: string };
const p = (id: string, line: number, over: Partial<Locatable> = {}): P => ({ id, file: 'a.sh', line, column: 1, code: 'SC2086', message: 'Quote it.', ...over });
const keyed = (problem: P, text: string | null): Keyed<P> => ({ problem, hash: problemHash(problem, text) });
const ids = (m: ReturnType<typeof matchProblems<P>>) => ({
  added: m.added.map((x) => x.id).sort(),
  fixed: m.fixed.map((x) => x.id).sort(),
  unchanged: m.unchanged.map(([x, y]) => `${x.id}=${y.id}`).sort(),
});

describe('problem fingerprints', () => {
  it('ignore indentation and spacing, not the words', () => {
    expect(normalizeLine('  echo   $a\t')).toBe('echo $a');
    expect(problemHash(p('x', 1), '  echo $a')).toBe(problemHash(p('y', 40), 'echo   $a'));
    expect(problemHash(p('x', 1), 'echo $a')).not.toBe(problemHash(p('x', 1), 'echo "$a"'));
    expect(problemHash(p('x', 1, { message: 'Other.' }), 'echo $a')).not.toBe(problemHash(p('x', 1), 'echo $a'));
    expect(problemHash(p('x', 1), null)).toBeNull();
  });

  it('number identical findings in source order, so each keeps its own fingerprint', () => {
    const list = [p('second', 9), p('first', 2), p('other', 5)];
    const hashes = [problemHash(list[0]!, 'echo $a'), problemHash(list[1]!, 'echo $a'), problemHash(list[2]!, 'echo $b')];
    const fps = partialFingerprints(list, hashes);
    expect(fps[1]).toMatch(/:0$/);
    expect(fps[0]).toMatch(/:1$/);
    expect(fps[2]).toMatch(/:0$/);
    expect(splitFingerprint(fps[0]!)).toEqual({ hash: hashes[0], occurrence: 1 });
    expect(splitFingerprint('foreign')).toEqual({ hash: 'foreign', occurrence: 0 });
  });
});

describe('matching two runs', () => {
  it('the issue scenario: one fixed, one added, one moved ten lines, one kept (all the same rule and message)', () => {
    const a = [keyed(p('fixed', 3), 'echo $fixed'), keyed(p('kept', 4), 'echo $kept'), keyed(p('moved', 6), 'echo $moved')];
    const b = [keyed(p('kept2', 4), 'echo $kept'), keyed(p('added', 15), 'echo $added'), keyed(p('moved2', 16), 'echo $moved')];
    expect(ids(matchProblems(a, b))).toEqual({ added: ['added'], fixed: ['fixed'], unchanged: ['kept=kept2', 'moved=moved2'] });
  });

  it('an edited line keeps its finding when the finding stays on the same line', () => {
    const m = matchProblems([keyed(p('a', 7), 'echo $x')], [keyed(p('b', 7), 'echo $x # note')]);
    expect(ids(m)).toEqual({ added: [], fixed: [], unchanged: ['a=b'] });
  });

  it('without line text (a SARIF baseline, an unreadable file) findings pair by nearest line', () => {
    const a = [keyed(p('a10', 10), null), keyed(p('a50', 50), null)];
    const b = [keyed(p('b48', 48), 'echo $y'), keyed(p('b12', 12), 'echo $x'), keyed(p('b90', 90), 'echo $z')];
    expect(ids(matchProblems(a, b))).toEqual({ added: ['b90'], fixed: [], unchanged: ['a10=b12', 'a50=b48'] });
  });

  it('never pairs across files, rules or messages', () => {
    const a = [keyed(p('a', 1), null), keyed(p('b', 1, { code: 'SC2046' }), null), keyed(p('c', 1, { message: 'M' }), null)];
    const b = [keyed(p('x', 1, { file: 'b.sh' }), null)];
    expect(ids(matchProblems(a, b))).toEqual({ added: ['x'], fixed: ['a', 'b', 'c'], unchanged: [] });
  });

  it('duplicated findings: the extra one is new, not a second copy of an old one', () => {
    const a = [keyed(p('a1', 5), 'echo $a')];
    const b = [keyed(p('b1', 5), 'echo $a'), keyed(p('b2', 9), 'echo $a')];
    expect(ids(matchProblems(a, b))).toEqual({ added: ['b2'], fixed: [], unchanged: ['a1=b1'] });
  });

  it('every finding lands in exactly one bucket, and a run compared with itself is all unchanged', () => {
    const arb = fc.array(
      fc.record({ line: fc.integer({ min: 1, max: 30 }), code: fc.constantFrom('A', 'B'), text: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null }) }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, arb, (xs, ys) => {
        const a = xs.map((x, i) => keyed(p(`a${i}`, x.line, { code: x.code }), x.text));
        const b = ys.map((y, i) => keyed(p(`b${i}`, y.line, { code: y.code }), y.text));
        const m = matchProblems(a, b);
        expect(m.fixed.length + m.unchanged.length).toBe(a.length);
        expect(m.added.length + m.unchanged.length).toBe(b.length);
        expect(new Set(m.unchanged.map(([x]) => x.id)).size).toBe(m.unchanged.length);
        for (const [x, y] of m.unchanged) expect([x.file, x.code, x.message]).toEqual([y.file, y.code, y.message]);
        const self = matchProblems(a, a);
        expect(self.unchanged.length).toBe(a.length);
      }),
    );
  });
});
