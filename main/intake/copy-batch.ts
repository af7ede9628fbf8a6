import { closeSync } from 'node:fs';
import { errnoCode, isDenied, isMissing } from '../store/fs-errors';
import { CopyStopped, copyOpenFileSync, SizeChanged } from './copy-file';
import { STOP_AT, TOTAL_AT, type CopyBatch, type CopyFailure, type CopyReply, type CopyThreadSetup } from './copy-protocol';
import { entryPath } from './paths';
import { openSourceFile } from './source-file';

/** A copy thread's state across batches: one buffer, the shared counters. */
export interface BatchCopier {
  copy(batch: CopyBatch): CopyReply;
}

/**
 * Copies batches of files synchronously (in a copy thread): each file opened once, checked through its descriptor
 * (source-file.ts), held to the per-file limit and, through the shared total, to the project's byte limit, then
 * copied from that descriptor (copy-file.ts). The stop flag is read before each file and between the pieces of a
 * large one.
 */
export function batchCopier(setup: CopyThreadSetup, buf: Buffer): BatchCopier {
  const realRoot = Buffer.from(setup.root);
  const total = new BigInt64Array(setup.shared);
  const flags = new Int32Array(setup.shared);
  const totalMax = BigInt(setup.totalBytes);
  const shouldStop = (): boolean => Atomics.load(flags, STOP_AT) !== 0;

  const copyOne = (place: CopyBatch['files'][number], out: Float64Array, k: number): CopyFailure | 'stopped' | null => {
    let source;
    try {
      source = openSourceFile(entryPath(setup.root, place), realRoot, setup.check);
    } catch (err) {
      // Unreadable files are found here, at open, rather than by an access() per file in the scan (see scan.ts).
      if (isMissing(err)) return { kind: 'missing' };
      if (isDenied(err)) return { kind: 'denied' };
      return asFailure(err);
    }
    if (typeof source === 'string') return { kind: source };
    const { stat } = source;
    try {
      if (stat.size > setup.fileBytes) return { kind: 'file-too-large', size: stat.size };
      const sum = Atomics.add(total, TOTAL_AT, BigInt(stat.size)) + BigInt(stat.size);
      if (sum > totalMax) return { kind: 'too-many-bytes', total: Number(sum) };
      copyOpenFileSync(source, entryPath(setup.dest, place), buf, setup.umask, shouldStop);
    } catch (err) {
      if (err instanceof CopyStopped) return 'stopped';
      if (err instanceof SizeChanged) return { kind: 'size-changed' };
      return asFailure(err);
    } finally {
      closeSync(source.fd);
    }
    out[k * 3] = stat.size;
    out[k * 3 + 1] = stat.mode;
    out[k * 3 + 2] = stat.mtimeMs;
    return null;
  };

  return {
    copy(batch) {
      const done = new Float64Array(batch.files.length * 3);
      for (const [k, place] of batch.files.entries()) {
        if (shouldStop()) return { first: batch.first, stopped: true };
        const result = copyOne(place, done, k);
        if (result === 'stopped') return { first: batch.first, stopped: true };
        if (result !== null) return { first: batch.first, at: batch.first + k, failure: result };
      }
      return { first: batch.first, done };
    },
  };
}

const asFailure = (err: unknown): CopyFailure => ({
  kind: 'error',
  message: err instanceof Error ? err.message : String(err),
  code: errnoCode(err),
});
