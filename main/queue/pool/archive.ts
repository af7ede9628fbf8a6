import { lstat, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { AppError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';

/** The default bound on a job's zipped input or results travelling through Redis. */
export const POOL_ZIP_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Zips the named parts of `root` (files or folders; missing ones are left out) into memory, refusing once the zip
 * would pass `maxBytes`. Regular files and folders only: a link made by a tool is not followed out of the run folder.
 */
export async function zipParts(root: string, parts: readonly string[], maxBytes: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  let declared = 0;
  const add = async (rel: string): Promise<void> => {
    const abs = join(root, ...rel.split('/'));
    const info = await lstat(abs).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      zip.addEmptyDirectory(rel);
      for (const name of (await readdir(abs)).sort()) await add(posix.join(rel, name));
    } else if (info.isFile()) {
      // Checked before compressing: a tree far over the bound is refused without reading it all.
      declared += info.size;
      if (declared > maxBytes * 20) throw tooBig(maxBytes);
      zip.addFile(abs, rel, { mode: info.mode, mtime: info.mtime });
    }
  };
  for (const part of parts) await add(part);
  zip.end();

  const chunks: Buffer[] = [];
  let size = 0;
  const out = zip.outputStream as unknown as Readable;
  for await (const chunk of out as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      out.destroy();
      throw tooBig(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooBig(maxBytes: number): AppError {
  return new AppError('limit', `The files are larger than the shared pool takes (${formatBytes(maxBytes)} zipped).`, { maxBytes });
}
