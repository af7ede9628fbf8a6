import { describe, expect, it } from 'vitest';
import { compareEntries, compareFilePaths, compareNames } from '../../../main/results/order';

describe('result order', () => {
  it('orders names as a person does: numbers by value, case aside, folders first', () => {
    expect(['a10', 'B', 'a2', 'a'].sort(compareNames)).toEqual(['a', 'a2', 'a10', 'B']);
    expect([{ dir: false, name: 'a' }, { dir: true, name: 'z' }].sort(compareEntries).map((e) => e.name)).toEqual(['z', 'a']);
    expect(['b/x', 'a', 'b/c/d', 'b10', 'b2'].sort(compareFilePaths)).toEqual(['b/c/d', 'b/x', 'a', 'b2', 'b10']);
  });
});
