import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntrySize {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  builtAt: Date;
}

/** The JavaScript index.html loads before anything else: its module script(s) and modulepreload links, gzipped. */
export async function entryJsSize(rendererDir: string): Promise<EntrySize> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const refs = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)].map((m) => m[1] as string),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g)].map((m) => m[1] as string),
  ];
  if (refs.length === 0) throw new Error(`renderer: no script in ${join(rendererDir, 'index.html')}`);
  let rawBytes = 0;
  let gzipBytes = 0;
  let builtAt = new Date(0);
  for (const ref of refs) {
    const file = resolve(rendererDir, ref);
    const body = await readFile(file);
    rawBytes += body.length;
    gzipBytes += gzipSync(body).length;
    const { mtime } = await stat(file);
    if (mtime > builtAt) builtAt = mtime;
  }
  return { files: refs, rawBytes, gzipBytes, builtAt };
}
