import { describe, expect, it } from 'vitest';
import { COMPARE_PAGE_SIZE, pageOf } from '../../../shared/compare';

describe('compare pages (the one bound on a page, for both sides of IPC)', () => {
  const list = Array.from({ length: COMPARE_PAGE_SIZE * 2 + 7 }, (_, i) => i);

  it('slices by offset; consecutive pages cover the list exactly once', () => {
    const seen: number[] = [];
    for (let offset = 0; offset < list.length; offset += COMPARE_PAGE_SIZE) {
      const page = pageOf(list, offset);
      expect(page).toMatchObject({ offset, total: list.length });
      seen.push(...page.items);
    }
    expect(seen).toEqual(list);
  });

  it('never hands out more than a page, and clamps an offset past the end', () => {
    expect(pageOf(list, 0, COMPARE_PAGE_SIZE * 10).items).toHaveLength(COMPARE_PAGE_SIZE);
    expect(pageOf(list, 5, 3).items).toEqual([5, 6, 7]);
    expect(pageOf(list, list.length + 50)).toEqual({ offset: list.length, total: list.length, items: [] });
  });
});
