import { describe, expect, it } from 'vitest';
import { countByIndexOf, countLf, lfCountIsWasm } from '../../../main/runner/lf-count';

/** A deterministic byte source, so a failure can be replayed. */
function bytes(seed: number, length: number, lfShare: number): Buffer {
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += 1) out[i] = next() < lfShare ? 0x0a : Math.floor(next() * 256);
  return out;
}

describe('countLf', () => {
  it('uses the WebAssembly counter here (the fast path is the one these tests cover)', () => {
    expect(lfCountIsWasm()).toBe(true);
  });

  it('counts what the indexOf loop counts, at lengths around its vector, batch and window edges', () => {
    const lengths = [0, 1, 15, 16, 17, 63, 64, 65, 127, 4031, 4032, 4033, 4095, 4096, 4097, 65535, 65536, 65537, 131073, 300_001];
    for (const [i, length] of lengths.entries()) {
      for (const share of [0, 0.01, 0.3, 0.97]) {
        const b = bytes(i + 1, length, share);
        expect(countLf(b), `length ${length}, LF share ${share}`).toBe(countByIndexOf(b));
      }
    }
  });

  it('counts a buffer of nothing but LFs (every lane of the vector sum at its most) and one with none', () => {
    expect(countLf(Buffer.alloc(1024 * 1024 + 3, 0x0a))).toBe(1024 * 1024 + 3);
    expect(countLf(Buffer.alloc(200_000, 0x0b))).toBe(0);
  });

  it('counts a view at any offset into a larger buffer, and only the bytes of the view', () => {
    const whole = bytes(42, 70_000, 0.2);
    for (const [from, to] of [[1, 69_999], [3, 64], [7, 65_543], [65_530, 70_000]] as const) {
      const view = whole.subarray(from, to);
      expect(countLf(view)).toBe(countByIndexOf(view));
    }
  });
});
