import path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { PREVIEW_BYTES, type Preview } from '../../shared/results';
import { languageForFile } from './language';
import { openInRun } from './safe-open';
import { locateInRun } from './safe-path';
import { cutAtCharBoundary, decodeText, looksBinary } from './text-sniff';

/**
 * A preview of one entry of a run folder. Links are reported, never read through (nor is any folder on the way a
 * link); folders are 'dir'; FIFOs, sockets and devices are 'binary' and never opened; files are read only up to
 * PREVIEW_BYTES. Text is UTF-8 with replacement characters for invalid bytes, cut on a character boundary.
 */
export async function readPreview(runDir: string, relPath: string): Promise<Preview> {
  const at = await locateInRun(runDir, relPath);
  const empty = { path: at.rel, size: 0, text: '', truncated: false, language: null };
  if (at.stat.isSymbolicLink()) return { ...empty, kind: 'link' };
  if (at.stat.isDirectory()) return { ...empty, kind: 'dir' };
  if (!at.stat.isFile()) return { ...empty, kind: 'binary' };

  const { handle, stat } = await openInRun(at.abs, at.root, at.stat);
  let bytes: Uint8Array;
  try {
    bytes = await readHead(handle, Math.min(stat.size, PREVIEW_BYTES));
  } finally {
    await handle.close();
  }
  if (looksBinary(bytes)) return { ...empty, size: stat.size, kind: 'binary' };
  const truncated = stat.size > bytes.length;
  return {
    path: at.rel,
    size: stat.size,
    kind: 'text',
    text: decodeText(truncated ? cutAtCharBoundary(bytes) : bytes),
    truncated,
    language: languageForFile(path.posix.basename(at.rel)),
  };
}

/** Reads the first `length` bytes (fewer if the file is shorter now), never more. */
async function readHead(handle: FileHandle, length: number): Promise<Uint8Array> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
