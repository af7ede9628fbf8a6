import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREVIEW_BYTES } from '../../../shared/results';
import { languageForFile, readPreview } from '../../../main/results';
import { appErrorCode, makeRun, plantLinks, put, type TempRun } from './helpers';

describe('readPreview', () => {
  let run: TempRun;
  beforeEach(async () => {
    run = await makeRun();
  });
  afterEach(async () => {
    await run.cleanup();
  });

  it('shows a text file whole, with its lines and language', async () => {
    const source = '#include <stdio.h>\nint main(void) {\n  puts("héllo");\n}\n';
    await put(run.runDir, { 'output/src/main.c': source });
    const p = await readPreview(run.runDir, 'output/src/main.c');
    expect(p).toEqual({
      path: 'output/src/main.c',
      size: Buffer.byteLength(source),
      kind: 'text',
      text: source,
      truncated: false,
      language: 'c',
    });
    expect(p.text.split('\n')).toHaveLength(5);
  });

  it('cuts a file over PREVIEW_BYTES at the limit, on a character boundary', async () => {
    // 'é' is 2 bytes; an odd prefix puts a character across the PREVIEW_BYTES boundary.
    const line = `x${'é'.repeat(40)}\n`;
    const big = line.repeat(Math.ceil((PREVIEW_BYTES * 1.5) / Buffer.byteLength(line)));
    await put(run.runDir, { 'output/big.txt': big });
    const p = await readPreview(run.runDir, 'output/big.txt');
    expect(p.kind).toBe('text');
    expect(p.truncated).toBe(true);
    expect(p.size).toBe(Buffer.byteLength(big));
    const shown = Buffer.byteLength(p.text);
    expect(shown).toBeLessThanOrEqual(PREVIEW_BYTES);
    expect(shown).toBeGreaterThanOrEqual(PREVIEW_BYTES - 3);
    expect(p.text).not.toContain('\uFFFD');
    expect(big.startsWith(p.text)).toBe(true);
    expect(p.language).toBe('plaintext');
  });

  it('a file of exactly PREVIEW_BYTES is not truncated', async () => {
    await put(run.runDir, { 'output/exact.txt': 'a'.repeat(PREVIEW_BYTES) });
    const p = await readPreview(run.runDir, 'output/exact.txt');
    expect(p.truncated).toBe(false);
    expect(p.text).toHaveLength(PREVIEW_BYTES);
  });

  it('detects binary by a NUL byte, and by mostly invalid bytes', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(100, 1)]);
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i += 1) noise[i] = 0x80 + ((i * 37) % 0x7f); // high bytes, no NUL, invalid UTF-8
    await put(run.runDir, { 'output/a.out': elf, 'output/noise.bin': noise });
    for (const f of ['output/a.out', 'output/noise.bin']) {
      const p = await readPreview(run.runDir, f);
      expect(p.kind).toBe('binary');
      expect(p.text).toBe('');
      expect(p.size).toBeGreaterThan(0);
    }
  });

  it('shows mostly-valid text with a few invalid bytes as text with replacement characters', async () => {
    const latin1 = Buffer.from('caf\xe9 au lait\nna\xefve\n', 'latin1');
    await put(run.runDir, { 'output/notes.md': latin1 });
    const p = await readPreview(run.runDir, 'output/notes.md');
    expect(p.kind).toBe('text');
    expect(p.text).toBe('caf\uFFFD au lait\nna\uFFFDve\n');
    expect(p.language).toBe('markdown');
  });

  it('an empty file is empty text', async () => {
    await put(run.runDir, { 'output/empty.py': '' });
    expect(await readPreview(run.runDir, 'output/empty.py')).toMatchObject({ kind: 'text', text: '', size: 0, language: 'python' });
  });

  it('reports folders and run.log', async () => {
    await put(run.runDir, { 'output/sub/x.rs': 'fn main() {}\n' });
    expect(await readPreview(run.runDir, 'output/sub')).toMatchObject({ kind: 'dir', text: '', size: 0 });
    expect(await readPreview(run.runDir, 'run.log')).toMatchObject({ kind: 'text', text: '[stdout] hello\n', language: 'plaintext' });
  });

  it('reports links as links without reading them, and refuses paths through a linked folder', async () => {
    await plantLinks(run);
    for (const link of ['output/passwd-link', 'output/up', 'output/linkdir', 'output/self']) {
      expect(await readPreview(run.runDir, link)).toEqual({
        path: link,
        size: 0,
        kind: 'link',
        text: '',
        truncated: false,
        language: null,
      });
    }
    expect(await appErrorCode(readPreview(run.runDir, 'output/linkdir/secret.txt'))).toBe('forbidden');
    expect(await appErrorCode(readPreview(run.runDir, 'output/up/job-1/run.log'))).toBe('forbidden');
    expect(await appErrorCode(readPreview(run.runDir, 'output/self/run.log'))).toBe('forbidden');
    expect(await appErrorCode(readPreview(run.runDir, '../outside/secret.txt'))).toBe('invalid-input');
    expect(await appErrorCode(readPreview(run.runDir, 'output/missing.txt'))).toBe('not-found');
  });

  it('never opens a FIFO (which would block)', async () => {
    execFileSync('mkfifo', [path.join(run.runDir, 'output', 'pipe')]);
    expect(await readPreview(run.runDir, 'output/pipe')).toMatchObject({ kind: 'binary', text: '', size: 0 });
  });
});

describe('languageForFile', () => {
  it.each([
    ['a.cpp', 'cpp'],
    ['a.hpp', 'cpp'],
    ['a.c', 'c'],
    ['lib.rs', 'rust'],
    ['P.cs', 'csharp'],
    ['Main.java', 'java'],
    ['x.py', 'python'],
    ['x.tsx', 'typescript'],
    ['x.mjs', 'javascript'],
    ['run.sh', 'bash'],
    ['report.json', 'json'],
    ['out.sarif', 'json'],
    ['pom.xml', 'xml'],
    ['README.md', 'markdown'],
    ['Makefile', 'makefile'],
    ['notes.txt', 'plaintext'],
    ['LIB.RS', 'rust'],
    ['blob.bin', null],
    ['noext', null],
    ['.hidden', null],
  ])('%s → %s', (name, lang) => {
    expect(languageForFile(name)).toBe(lang);
  });
});
