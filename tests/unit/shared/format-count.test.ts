import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countOf, formatCount } from '../../../shared/format';

// formatCount groups whole numbers by hand (no ICU at start-up); it must agree with ICU's en-US formatting.
describe('formatCount', () => {
  it('matches toLocaleString("en-US") for every safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger().filter((n) => !Object.is(n, -0)), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches it at the grouping edges and for what is not a whole number', () => {
    for (const n of [0, 999, 1000, 999_999, 1_000_000, -1000, Number.MAX_SAFE_INTEGER, 1.5, 1234.5678, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('countOf puts the grouped count before the noun', () => {
    expect(countOf(1204, 'problem')).toBe('1,204 problems');
    expect(countOf(1, 'line')).toBe('1 line');
  });
});
