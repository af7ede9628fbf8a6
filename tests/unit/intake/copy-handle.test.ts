import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, readFileSync, renameSync, statSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COPY_BUFFER_BYTES, copyOpenFileSync, CopyStopped, readUmask, SizeChanged } from '../../../main/intake/copy-file';
import { copyProject, openProject, scanDir } from '../../../main/intake';
import { defaultHandleCheck, openSourceFile, type HandleCheck, type SourceFile } from '../../../main/intake/source-file';
import { appError, limits, treeChecksum, useTmp, writeTree } from './helpers';

/**
 * Copying from the open descriptor, on both paths: 'proc' (Linux, /proc/self/fd/N) and 'portable' (what macOS and
 * Windows use: the real path checked against the descriptor's device and inode, then a read loop on the descriptor).
 * The portable path is forced here so it runs for real on Linux.
 */
describe.runIf(process.platform === 'linux')('copy from the open handle', () => {
  const tmp = useTmp();
  const checks: HandleCheck[] = ['proc', 'portable'];
  const big = randomBytes(COPY_BUFFER_BYTES * 2 + 123_457); // more than the copy buffer: copied in pieces

  const open = (file: string, root: string, check: HandleCheck): SourceFile => {
    const source = openSourceFile(file, Buffer.from(root), check);
    if (typeof source === 'string') throw new Error(`expected an open file, got '${source}'`);
    return source;
  };

  it('uses /proc/self/fd on Linux by default, and reads the umask there', () => {
    expect(defaultHandleCheck()).toBe('proc');
    const mask = process.umask(0o027);
    try {
      expect(readUmask()).toBe(0o027);
    } finally {
      process.umask(mask);
    }
  });

  it.each(checks)('%s: copies a project exactly, small and large files, modes, times and an inside link', async (check) => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'run.sh': '#!/bin/sh\necho hi\n', 'src/a.py': 'x = 1\n', 'data/big.bin': big, 'empty.txt': '', 'shared.txt': 's' });
    chmodSync(path.join(root, 'run.sh'), 0o755);
    chmodSync(path.join(root, 'shared.txt'), 0o666); // bits the usual umask (022) would take away: kept
    chmodSync(path.join(root, 'data/big.bin'), 0o640);
    symlinkSync('src/a.py', path.join(root, 'alias.py'));
    const project = await openProject(root, { limits: limits(), stagingDir: path.join(base, 'st') });
    const input = path.join(base, 'run', 'input');
    const copied = await copyProject(project, input, { handleCheck: check });

    expect(copied.files.map((f) => f.path)).toEqual(['alias.py', 'data/big.bin', 'empty.txt', 'run.sh', 'shared.txt', 'src/a.py']);
    expect(readFileSync(path.join(input, 'data/big.bin')).equals(big)).toBe(true);
    expect(readFileSync(path.join(input, 'alias.py'), 'utf8')).toBe('x = 1\n'); // the link taken as its file
    expect(statSync(path.join(input, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(input, 'data/big.bin')).mode & 0o777).toBe(0o640);
    expect(statSync(path.join(input, 'shared.txt')).mode & 0o777).toBe(0o666);
    // The manifest built without a stat of the copies is what a fresh scan of them reads.
    expect(await scanDir(input)).toEqual(copied);
    for (const f of copied.files) {
      const src = statSync(path.join(root, f.path));
      expect(Math.abs(f.mtimeMs - src.mtimeMs)).toBeLessThan(0.001);
    }
  });

  it.each(checks)('%s: a file swapped for a link to a secret after it was opened is copied as it was when opened', async (check) => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'small.py': 'print("mine")\n', 'big.bin': big });
    writeFileSync(path.join(base, 'secret.txt'), 'SECRET');
    const out = path.join(base, 'out');
    mkdirSync(out);

    const small = open(path.join(root, 'small.py'), root, check);
    const large = open(path.join(root, 'big.bin'), root, check);
    for (const name of ['small.py', 'big.bin']) {
      unlinkSync(path.join(root, name));
      symlinkSync(path.join(base, 'secret.txt'), path.join(root, name));
    }
    try {
      const buf = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
      copyOpenFileSync(small, path.join(out, 'small.py'), buf, readUmask());
      copyOpenFileSync(large, path.join(out, 'big.bin'), buf, readUmask());
    } finally {
      closeSync(small.fd);
      closeSync(large.fd);
    }
    expect(readFileSync(path.join(out, 'small.py'), 'utf8')).toBe('print("mine")\n');
    expect(readFileSync(path.join(out, 'big.bin')).equals(big)).toBe(true);
  });

  it.each(checks)('%s: refuses a file whose folder was swapped for a link to the outside, or that is now a link out', async (check) => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'a.py': 'a', 'sub/b.py': 'b' });
    writeTree(base, { 'outside/b.py': 'secret', 'secret.txt': 'secret' });
    const project = await openProject(root, { limits: limits(), stagingDir: path.join(base, 'st') });

    renameSync(path.join(root, 'sub'), path.join(base, 'sub-moved'));
    symlinkSync(path.join(base, 'outside'), path.join(root, 'sub'));
    const err = await appError(copyProject(project, path.join(base, 'r1', 'input'), { handleCheck: check }));
    expect(err.message).toBe("'sub/b.py' now points outside the project. Open the project again.");

    expect(openSourceFile(path.join(root, 'sub/b.py'), Buffer.from(root), check)).toBe('outside');
    unlinkSync(path.join(root, 'a.py'));
    symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'a.py'));
    expect(openSourceFile(path.join(root, 'a.py'), Buffer.from(root), check)).toBe('outside');
  });

  it.each(checks)('%s: a file that shrank after it was opened is refused, not copied short', async (check) => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'small.py': 'x'.repeat(1000), 'big.bin': big });
    const out = path.join(base, 'out');
    mkdirSync(out);
    const small = open(path.join(root, 'small.py'), root, check);
    const large = open(path.join(root, 'big.bin'), root, check);
    truncateSync(path.join(root, 'small.py'), 10);
    truncateSync(path.join(root, 'big.bin'), 10);
    try {
      const buf = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
      expect(() => copyOpenFileSync(small, path.join(out, 'small.py'), buf, null)).toThrow(SizeChanged);
      expect(() => copyOpenFileSync(large, path.join(out, 'big.bin'), buf, null)).toThrow(SizeChanged);
    } finally {
      closeSync(small.fd);
      closeSync(large.fd);
    }
  });

  it('stops a large file between pieces when told to, and only then', () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'big.bin': big });
    const out = path.join(base, 'out');
    mkdirSync(out);
    const buf = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
    let asked = 0;
    const source = open(path.join(root, 'big.bin'), root, 'proc');
    try {
      // Told to stop at the second look: one piece is written, then CopyStopped.
      expect(() => copyOpenFileSync(source, path.join(out, 'stopped.bin'), buf, null, () => (asked += 1) >= 2)).toThrow(CopyStopped);
      expect(asked).toBe(2);
      expect(statSync(path.join(out, 'stopped.bin')).size).toBe(2 * COPY_BUFFER_BYTES);
      copyOpenFileSync(source, path.join(out, 'whole.bin'), buf, null, () => false);
    } finally {
      closeSync(source.fd);
    }
    expect(readFileSync(path.join(out, 'whole.bin')).equals(big)).toBe(true);
  });

  it('leaves the project untouched', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'a.py': 'a', 'big.bin': big });
    const before = treeChecksum(root);
    const project = await openProject(root, { limits: limits(), stagingDir: path.join(base, 'st') });
    for (const check of checks) await copyProject(project, path.join(base, check, 'input'), { handleCheck: check });
    expect(treeChecksum(root)).toBe(before);
  });
});
