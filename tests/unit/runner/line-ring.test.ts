import { describe, expect, it } from 'vitest';
import { LineRing } from '../../../main/runner/line-ring';

const line = (seq: number, text = `line ${seq}`) => ({ seq, stream: 'stdout' as const, text, ts: seq });

describe('LineRing', () => {
  it('keeps the last N lines in order and counts what it dropped', () => {
    const ring = new LineRing(3);
    for (let i = 1; i <= 7; i += 1) ring.push(line(i));
    expect(ring.toArray().map((l) => l.seq)).toEqual([5, 6, 7]);
    expect(ring.dropped).toBe(4);
  });

  it('keeps everything while under the limit', () => {
    const ring = new LineRing(10);
    ring.push(line(1));
    ring.push(line(2));
    expect(ring.toArray().map((l) => l.seq)).toEqual([1, 2]);
    expect(ring.dropped).toBe(0);
  });

  it('also stays under a character budget, keeping at least the newest line', () => {
    const ring = new LineRing(100, 10);
    ring.push(line(1, 'aaaa'));
    ring.push(line(2, 'bbbb'));
    ring.push(line(3, 'cccc'));
    expect(ring.toArray().map((l) => l.seq)).toEqual([2, 3]);
    ring.push(line(4, 'x'.repeat(50)));
    expect(ring.toArray().map((l) => l.seq)).toEqual([4]);
    expect(ring.dropped).toBe(3);
  });
});
