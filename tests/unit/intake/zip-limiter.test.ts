import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { byteLimiter } from '../../../main/intake/zip-limiter';
import { appError, limits } from './helpers';

const MB = 1024 * 1024;

/** Streams `total` bytes of zeros in 64 KB chunks through the limiter; returns what reached the sink. */
async function run(limiter: ReturnType<typeof byteLimiter>, total: number): Promise<{ sunk: number; error: unknown }> {
  const chunk = Buffer.alloc(64 * 1024);
  let left = total;
  const source = new Readable({
    read() {
      if (left <= 0) return this.push(null);
      left -= chunk.length;
      this.push(chunk);
    },
  });
  let sunk = 0;
  const sink = new Writable({
    write(c: Buffer, _e, done) {
      sunk += c.length;
      done();
    },
  });
  const error = await pipeline(source, limiter, sink).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { sunk, error };
}

describe('byteLimiter (counts real bytes, whatever the headers say)', () => {
  const noop = () => {};

  it('passes an entry within every limit', async () => {
    const r = await run(byteLimiter({ name: 'a', compressedSize: MB }, limits(), '/x.zip', 0, noop), 3 * MB);
    expect(r.error).toBeUndefined();
    expect(r.sunk).toBe(3 * MB);
  });

  it('stops at the per-file limit before the sink gets more', async () => {
    const r = await run(byteLimiter({ name: 'big.bin', compressedSize: 100 * MB }, limits({ fileBytes: 4 * MB }), '/x.zip', 0, noop), 100 * MB);
    expect(r.sunk).toBeLessThanOrEqual(4 * MB);
    expect((await appError(Promise.reject(r.error))).details).toMatchObject({ limit: 'fileBytes', max: 4 * MB, path: 'big.bin' });
  });

  it('stops at the archive total, counting earlier entries', async () => {
    const seen: number[] = [];
    const r = await run(
      byteLimiter({ name: 'b', compressedSize: 100 * MB }, limits({ totalBytes: 8 * MB }), '/x.zip', 7 * MB, (n) => seen.push(n)),
      100 * MB,
    );
    expect(r.sunk).toBeLessThanOrEqual(1 * MB);
    expect(seen.at(-1)).toBe(r.sunk);
    expect((await appError(Promise.reject(r.error))).details).toMatchObject({ limit: 'totalBytes', max: 8 * MB, path: '/x.zip' });
  });

  it('stops at the compression ratio (beyond a 1 MB floor)', async () => {
    const r = await run(byteLimiter({ name: 'z', compressedSize: 10 * 1024 }, limits({ zipMaxRatio: 200 }), '/x.zip', 0, noop), 50 * MB);
    expect(r.sunk).toBeLessThanOrEqual(2000 * 1024);
    expect((await appError(Promise.reject(r.error))).details).toMatchObject({ limit: 'zipMaxRatio', max: 200, path: 'z' });
    const small = await run(byteLimiter({ name: 's', compressedSize: 10 }, limits({ zipMaxRatio: 2 }), '/x.zip', 0, noop), 512 * 1024);
    expect(small.error).toBeUndefined();
  });
});
