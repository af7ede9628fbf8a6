import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach } from 'vitest';
import { AppError } from '../../../shared/errors';
import { IntakeLimitsSchema, type IntakeLimits } from '../../../shared/settings';

/** A fresh temporary folder per call, removed after each test. */
export function useTmp(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hapyy-intake-'));
    made.push(dir);
    return dir;
  };
}

export const limits = (over: Partial<IntakeLimits> = {}): IntakeLimits => IntakeLimitsSchema.parse(over);

/** Writes files given as relative path → content (string or Buffer), creating folders. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** Awaits a promise that must reject with an AppError, and returns that error. */
/**
 * `folders` × `files` small Python files in d0/ d1/ …, with varied sizes, modes (755, 600, 644) and times that have a
 * sub-millisecond part, which a copy's manifest must carry exactly as futimes set them.
 */
export function writeSmallFiles(root: string, folders: number, files: number): void {
  for (let d = 0; d < folders; d += 1) {
    const dir = path.join(root, `d${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < files; f += 1) {
      const file = path.join(dir, `f${f}.py`);
      writeFileSync(file, `x = ${d * 1000 + f}\n`.repeat(1 + ((d * 7 + f) % 50)));
      if (f % 3 === 0) chmodSync(file, 0o755);
      if (f % 5 === 0) chmodSync(file, 0o600);
      utimesSync(file, 1_600_000_000.123456 + f, 1_600_000_000.654321 + d * 100 + f);
    }
  }
}

export async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError, but the promise resolved');
}

/**
 * A hash of every path (exact bytes), type, mode, and content (files) or target (links) below root.
 * Never follows links and never opens anything but regular files.
 */
export function treeChecksum(root: string): string {
  const hash = createHash('sha256');
  const visit = (dir: Buffer): void => {
    const names = readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare);
    for (const name of names) {
      const abs = Buffer.concat([dir, Buffer.from('/'), name]);
      const st = lstatSync(abs);
      hash.update(abs.subarray(root.length)).update(`\0${st.mode}\0`);
      if (st.isFile()) hash.update(readFileSync(abs));
      else if (st.isSymbolicLink()) hash.update(readlinkSync(abs, { encoding: 'buffer' }));
      else if (st.isDirectory()) visit(abs);
      hash.update('\0');
    }
  };
  visit(Buffer.from(root));
  return hash.digest('hex');
}

/** Bytes of every regular file below root (lstat, links not followed); 0 when root is gone. */
export function treeBytes(root: string): number {
  let total = 0;
  const visit = (dir: string): void => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, d.name);
      if (d.isDirectory()) visit(abs);
      else if (d.isFile()) total += lstatSync(abs).size;
    }
  };
  try {
    visit(root);
  } catch {
    return total;
  }
  return total;
}

export interface RawZipEntry {
  name: string | Buffer;
  data?: Buffer;
  /** Full st_mode for the Unix external attributes (default a regular 0644 file). */
  unixMode?: number;
}

/**
 * A minimal stored (uncompressed) zip, written by hand because yazl refuses the hostile names these tests need.
 * Layout per APPNOTE: local file headers with data, central directory, end of central directory record.
 */
export function rawZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name) : e.name;
    const data = e.data ?? Buffer.alloc(0);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(((e.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Rewrites the uncompressed size every central-directory entry declares (a zip that lies about its contents). */
export function patchDeclaredSize(zip: Buffer, uncompressedSize: number): Buffer {
  const out = Buffer.from(zip);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i += 1) {
    if (out.readUInt32LE(at) !== 0x02014b50) throw new Error('not a central directory header');
    out.writeUInt32LE(uncompressedSize, at + 24);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}
