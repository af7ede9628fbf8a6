import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { copyProject, disposeProject, openProject } from '../../../main/intake';
import { extractZip } from '../../../main/intake/zip';
import { appError, limits, patchDeclaredSize, rawZip, treeBytes, useTmp } from './helpers';

const MB = 1024 * 1024;

interface ZipItem {
  name: string;
  data?: Buffer | string;
  mode?: number;
  dir?: boolean;
}

async function writeZip(file: string, items: ZipItem[]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const it of items) {
    if (it.dir) zip.addEmptyDirectory(it.name);
    else zip.addBuffer(Buffer.from(it.data ?? ''), it.name, it.mode === undefined ? {} : { mode: it.mode });
  }
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(file)));
  return file;
}

/** `size` bytes of zeros, deflated by yazl from a stream (never held in memory). */
async function zeroBomb(file: string, size: number): Promise<string> {
  const chunk = Buffer.alloc(MB);
  let left = size / MB;
  const zeros = new Readable({
    read() {
      this.push(left-- > 0 ? chunk : null);
    },
  });
  const zip = new yazl.ZipFile();
  zip.addReadStream(zeros, 'zeros.bin', { compressionLevel: 9 });
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(file)));
  return file;
}

describe('zip archives', () => {
  const tmp = useTmp();

  it('extracts a zip into a unique staging folder and opens it like a folder', async () => {
    const base = tmp();
    const file = await writeZip(path.join(base, 'My Project.ZIP'), [
      { name: 'src/', dir: true },
      { name: 'src/main.py', data: 'print(1)\n' },
      { name: 'tools/run.sh', data: '#!/bin/sh\necho hi\n', mode: 0o100755 },
      { name: 'node_modules/x/index.js', data: '' },
      { name: 'empty/', dir: true },
    ]);
    const stagingDir = path.join(base, 'data', 'staging');
    const project = await openProject(file, { limits: limits(), stagingDir });
    expect(project.summary).toMatchObject({ kind: 'zip', name: 'My Project', source: file, files: 2 });
    expect(project.summary.suggestedTools.sort()).toEqual(['bash-verification', 'python-linter']);
    expect(path.dirname(project.root)).toBe(stagingDir);
    expect(project.stagingFolder).toBe(project.root);
    expect(project.manifest.files.map((f) => f.path)).toEqual(['src/main.py', 'tools/run.sh']);

    const input = path.join(base, 'run', 'input');
    await copyProject(project, input);
    expect(statSync(path.join(input, 'tools/run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(input, 'src/main.py')).mode & 0o111).toBe(0);
    expect(readFileSync(path.join(input, 'src/main.py'), 'utf8')).toBe('print(1)\n');

    const second = await openProject(file, { limits: limits(), stagingDir });
    expect(second.root).not.toBe(project.root);
    await disposeProject(project);
    await disposeProject(second);
    expect(readdirSync(stagingDir)).toEqual([]);
  });

  it.each([
    ['../evil.txt'],
    ['a/../../evil.txt'],
    ['/tmp/hapyy-abs-evil.txt'],
    ['C:/evil.txt'],
    ['..\\evil.txt'],
    ['ok\0/../../evil.txt'],
    ['./evil.txt'],
  ])('refuses a zip-slip entry %j and writes nothing anywhere', async (bad) => {
    const base = tmp();
    const file = path.join(base, 'slip.zip');
    writeFileSync(file, rawZip([{ name: 'fine.txt', data: Buffer.from('fine') }, { name: bad, data: Buffer.from('evil') }]));
    const stagingDir = path.join(base, 'data', 'staging');
    const err = await appError(openProject(file, { limits: limits(), stagingDir }));
    expect(err.code).toBe('rejected');
    expect(err.message).toMatch(/^The archive has an unsafe entry '.*': it /);
    expect(readdirSync(stagingDir)).toEqual([]); // the partial staging folder is gone
    expect(readdirSync(base).sort()).toEqual(['data', 'slip.zip']);
    expect(existsSync(path.join(base, 'data', 'evil.txt'))).toBe(false);
    expect(existsSync('/tmp/hapyy-abs-evil.txt')).toBe(false);
  });

  it('refuses symbolic-link and special-file entries', async () => {
    const base = tmp();
    const cases: [string, number, RegExp][] = [
      ['link', 0o120777, /symbolic link/],
      ['fifo', 0o010644, /special file/],
      ['dev', 0o020644, /special file/],
    ];
    for (const [name, mode, message] of cases) {
      const file = path.join(base, `${name}.zip`);
      writeFileSync(file, rawZip([{ name: 'a.txt', data: Buffer.from('a') }, { name, data: Buffer.from('/etc/passwd'), unixMode: mode }]));
      const err = await appError(openProject(file, { limits: limits(), stagingDir: path.join(base, 'st') }));
      expect(err.code).toBe('rejected');
      expect(err.message).toMatch(message);
    }
    expect(readdirSync(path.join(base, 'st'))).toEqual([]);
  });

  it('refuses more entries than the file limit, with the count', async () => {
    const base = tmp();
    const file = path.join(base, 'many.zip');
    writeFileSync(file, rawZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('x') }))));
    const err = await appError(openProject(file, { limits: limits({ files: 20 }), stagingDir: path.join(base, 'st') }));
    expect(err.message).toBe('This archive has 30 files; the limit is 20 (Settings → Limits).');
    expect(err.details).toEqual({ limit: 'files', value: 30, max: 20, path: file });
  });

  it('refuses by declared total size before writing anything', async () => {
    const base = tmp();
    const file = path.join(base, 'big.zip');
    writeFileSync(file, rawZip([{ name: 'a.bin', data: Buffer.alloc(600) }, { name: 'b.bin', data: Buffer.alloc(600) }]));
    const dest = path.join(base, 'dest');
    mkdirSync(dest);
    const err = await appError(extractZip(file, dest, limits({ totalBytes: 1000 })));
    expect(err.details).toMatchObject({ limit: 'totalBytes', max: 1000 });
    expect(readdirSync(dest)).toEqual([]);
  });

  it('refuses damaged, colliding and empty archives', async () => {
    const base = tmp();
    const st = path.join(base, 'st');
    const cases: [string, Buffer, RegExp][] = [
      ['text.zip', Buffer.from('not a zip at all'), /is not a readable zip archive/],
      ['dup.zip', rawZip([{ name: 'a.txt', data: Buffer.from('1') }, { name: 'a.txt', data: Buffer.from('2') }]), /collide/],
      ['clash.zip', rawZip([{ name: 'a', data: Buffer.from('1') }, { name: 'a/b.txt', data: Buffer.from('2') }]), /collide/],
      ['empty.zip', rawZip([]), /^This archive has no files to run a tool on\.$/],
      ['dirs.zip', rawZip([{ name: 'x/', unixMode: 0o040755 }]), /^This archive has no files to run a tool on\.$/],
    ];
    for (const [name, bytes, message] of cases) {
      writeFileSync(path.join(base, name), bytes);
      const err = await appError(openProject(path.join(base, name), { limits: limits(), stagingDir: st }));
      expect(err.code, name).toBe('rejected');
      expect(err.message, name).toMatch(message);
    }
    expect(readdirSync(st)).toEqual([]);
  });
});

describe('zip bombs', () => {
  let dir = '';
  let bomb = '';
  const tmp = useTmp();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hapyy-bomb-'));
    bomb = await zeroBomb(path.join(dir, 'bomb.zip'), 1024 * MB); // 1 GB of zeros, about 1 MB on disk
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a 1 GB bomb from what it declares, before writing a byte', async () => {
    expect(statSync(bomb).size).toBeLessThan(5 * MB);
    const base = tmp();
    const dest = path.join(base, 'dest');
    mkdirSync(dest);
    // Generous size limits: the compression ratio is what stops it.
    const big = limits({ totalBytes: 2048 * MB, fileBytes: 2048 * MB, zipMaxRatio: 200 });
    const err = await appError(extractZip(bomb, dest, big));
    expect(err.details).toMatchObject({ limit: 'zipMaxRatio', max: 200, path: 'zeros.bin' });
    expect(treeBytes(dest)).toBe(0);
    const sized = await appError(extractZip(bomb, dest, limits()));
    expect(sized.details).toMatchObject({ limit: 'fileBytes', max: 50 * MB });
    expect(treeBytes(dest)).toBe(0);
  });

  it('stops a bomb that lies about its size while streaming, within the limit', { timeout: 30_000 }, async () => {
    const base = tmp();
    const liar = path.join(base, 'liar.zip');
    writeFileSync(liar, patchDeclaredSize(readFileSync(bomb), 2 * MB)); // claims 2 MB, holds 1 GB
    const dest = path.join(base, 'dest');
    mkdirSync(dest);
    const fileBytes = 4 * MB;
    const err = await appError(extractZip(liar, dest, limits({ fileBytes, totalBytes: 8 * MB })));
    expect(err.code).toBe('rejected');
    expect(treeBytes(dest)).toBeLessThanOrEqual(fileBytes);

    const stagingDir = path.join(base, 'staging');
    const viaOpen = await appError(openProject(liar, { limits: limits({ fileBytes, totalBytes: 8 * MB }), stagingDir }));
    expect(viaOpen.code).toBe('rejected');
    expect(readdirSync(stagingDir)).toEqual([]);
  });

  it('cancels an extraction', async () => {
    const base = tmp();
    const liar = path.join(base, 'liar.zip');
    writeFileSync(liar, patchDeclaredSize(readFileSync(bomb), 40 * MB));
    const controller = new AbortController();
    const stagingDir = path.join(base, 'staging');
    let clock = 0;
    const err = await appError(
      openProject(liar, {
        limits: limits(),
        stagingDir,
        signal: controller.signal,
        now: () => (clock += 60),
        onProgress: () => controller.abort(),
      }),
    );
    expect(err.code).toBe('cancelled');
    expect(readdirSync(stagingDir)).toEqual([]);
  });
});
