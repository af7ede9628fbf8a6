import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { ManifestEntry } from './types';

/**
 * A path as Node's fs accepts it. Strings while every name is valid UTF-8; raw bytes below a name that is not,
 * because Node would otherwise replace the bad bytes with U+FFFD and the file could not be opened again.
 */
export type FsPath = string | Buffer;

/** A path relative to a root: `text` for display and keys (forward slashes), `raw` bytes only when `text` is lossy. */
export interface RelPath {
  text: string;
  raw: Buffer | undefined;
}

const SLASH = Buffer.from('/');

export const toBuffer = (p: FsPath): Buffer => (typeof p === 'string' ? Buffer.from(p) : p);

export function joinName(parent: FsPath, name: Buffer): FsPath {
  if (typeof parent === 'string' && isUtf8(name)) {
    // Once per entry the scan finds: a name from readdir has no separator, so where path.sep is '/' concatenation
    // gives what path.join would, without its normalising pass.
    if (path.sep === '/') return parent.endsWith('/') ? `${parent}${name.toString()}` : `${parent}/${name.toString()}`;
    return path.join(parent, name.toString());
  }
  return Buffer.concat([toBuffer(parent), Buffer.from(path.sep), name]);
}

export function childRel(parent: RelPath | null, name: Buffer): RelPath {
  const nameText = name.toString('utf8');
  const text = parent ? `${parent.text}/${nameText}` : nameText;
  if (!parent?.raw && isUtf8(name)) return { text, raw: undefined };
  const base = parent ? (parent.raw ?? Buffer.from(parent.text)) : undefined;
  return { text, raw: base ? Buffer.concat([base, SLASH, name]) : Buffer.from(name) };
}

/** Absolute path of a manifest entry under root, exact even for non-UTF-8 names. */
export function entryPath(root: string, entry: Pick<ManifestEntry, 'path' | 'rawPath'>): FsPath {
  if (entry.rawPath !== undefined) {
    return Buffer.concat([Buffer.from(root), Buffer.from(path.sep), Buffer.from(entry.rawPath, 'base64')]);
  }
  // Made twice per file copied: where path.sep is '/' the relative path (names from readdir, joined by '/') is
  // already in the platform's form, and concatenation spares path.join's normalising pass.
  if (path.sep === '/') return root.endsWith('/') ? `${root}${entry.path}` : `${root}/${entry.path}`;
  return path.join(root, ...entry.path.split('/'));
}

/** True when `p` is `root` or below it (both real paths, compared byte for byte). */
export function isInside(root: Buffer, p: Buffer): boolean {
  if (p.equals(root)) return true;
  const sep = path.sep.charCodeAt(0);
  const prefix = root[root.length - 1] === sep ? root : Buffer.concat([root, Buffer.from(path.sep)]);
  return p.length > prefix.length && p.subarray(0, prefix.length).equals(prefix);
}

/** The folder holding `p`, keeping raw bytes raw. */
export function parentOf(p: FsPath): FsPath {
  if (typeof p === 'string') return path.dirname(p);
  const i = p.lastIndexOf(path.sep.charCodeAt(0));
  return i <= 0 ? p.subarray(0, 1) : p.subarray(0, i);
}
