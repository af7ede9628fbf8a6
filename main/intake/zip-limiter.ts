import { Transform } from 'node:stream';
import type { IntakeLimits } from '../../shared/settings';
import { fileTooLarge, ratioTooHigh, tooManyBytes } from './limit-errors';
import { RATIO_FLOOR_BYTES } from './zip-entries';

export interface LimitedEntry {
  name: string;
  /** As the central directory says; yauzl never feeds the inflater more than this, so it bounds the real ratio. */
  compressedSize: number;
}

/**
 * Passes one entry's bytes through, counting what actually comes out of the inflater, and fails before a chunk would
 * take the entry past the per-file limit or the compression ratio, or the archive past the total: the disk never
 * holds more than the limits. `before`: bytes the archive's earlier entries already wrote.
 */
export function byteLimiter(
  entry: LimitedEntry,
  limits: IntakeLimits,
  zipPath: string,
  before: number,
  onBytes: (written: number) => void,
): Transform {
  const ratioCap = Math.max(RATIO_FLOOR_BYTES, entry.compressedSize * limits.zipMaxRatio);
  let written = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const next = written + chunk.length;
      if (next > limits.fileBytes) return done(fileTooLarge(entry.name, next, limits.fileBytes, true));
      if (before + next > limits.totalBytes) return done(tooManyBytes('archive', before + next, limits.totalBytes, zipPath));
      if (next > ratioCap) return done(ratioTooHigh(entry.name, next / Math.max(1, entry.compressedSize), limits.zipMaxRatio));
      written = next;
      onBytes(written);
      done(null, chunk);
    },
  });
}
