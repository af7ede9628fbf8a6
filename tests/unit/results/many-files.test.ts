import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_NODES, exportZip, readTree, readPreview, scanProduced } from '../../../main/results';
import { appErrorCode, makeRun, readZip, type TempRun } from './helpers';

/**
 * Many tiny files `d<k>/f<i>.txt`, made by one real process (python3) rather than 50,000 awaited writes.
 * `hardLinks`: every name is a hard link to one file holding "tiny". Creating inodes costs ~0.5 ms each on this
 * machine's ext4 (50,000 files: 20–40 s), a link costs ~20 µs; the walker sees 50,000 ordinary file entries either way.
 */
function makeFiles(dir: string, count: number, perFolder: number, hardLinks: boolean): void {
  const script = [
    'import os, sys',
    'root, count, per, links = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"',
    'os.makedirs(root, exist_ok=True)',
    'one = os.path.join(root, "..", "tiny-source")',
    'if links: open(one, "w").write("tiny")',
    'for i in range(count):',
    '    d = os.path.join(root, "d%03d" % (i // per))',
    '    if i % per == 0: os.makedirs(d, exist_ok=True)',
    '    name = os.path.join(d, "f%05d.txt" % i)',
    '    if links: os.link(one, name)',
    '    else: open(name, "w").write(str(i))',
    'if links: os.unlink(one)',
  ].join('\n');
  execFileSync('python3', ['-c', script, dir, String(count), String(perFolder), hardLinks ? '1' : '0'], { timeout: 60_000 });
}

describe('a run with 50,000 tiny output files', () => {
  let run: TempRun;
  beforeAll(async () => {
    run = await makeRun();
    makeFiles(path.join(run.runDir, 'output'), 50_000, 25_000, true); // two folders of 25,000
  }, 60_000);
  afterAll(async () => {
    await run.cleanup();
  });

  it('listTree stops at its bound and says so', async () => {
    const listing = await readTree(run.runDir, []);
    expect(listing.truncated).toBe(true);
    expect(listing.nodes).toHaveLength(DEFAULT_MAX_NODES);
    expect(listing.nodes.slice(0, 3).map((n) => n.path)).toEqual(['output', 'output/d000', 'output/d000/f00000.txt']);
    expect(listing.nodes.some((n) => n.path === 'run.log')).toBe(true);
    expect(listing.nodes.some((n) => n.path === 'input')).toBe(true);
  });

  it('findProduced lists them all up to its bound', async () => {
    const all = await scanProduced(run.runDir, { files: [] });
    expect(all.truncated).toBe(false);
    expect(all.files).toHaveLength(50_000);
    expect(all.files[0]).toEqual({ path: 'output/d000/f00000.txt', size: 4, origin: 'output' });
    expect(all.files.at(-1)?.path).toBe('output/d001/f49999.txt');
    const cut = await scanProduced(run.runDir, { files: [] }, { maxFiles: 20_000 });
    expect(cut.truncated).toBe(true);
    expect(cut.files).toHaveLength(20_000);
  });

  it('a preview deep in the pile still works', async () => {
    expect(await readPreview(run.runDir, 'output/d001/f49999.txt')).toMatchObject({ kind: 'text', text: 'tiny', size: 4 });
  });

  it('export refuses beyond its entry bound without leaving a file', async () => {
    const saveDir = path.join(run.base, 'save-limit');
    await mkdir(saveDir);
    expect(await appErrorCode(exportZip(run.runDir, [], path.join(saveDir, 'r.zip'), { maxEntries: 10_000 }))).toBe('limit');
    expect(await readdir(saveDir)).toEqual([]);
  });
});

describe('exporting 5,000 files', () => {
  let run: TempRun;
  let saveDir: string;
  beforeAll(async () => {
    run = await makeRun();
    makeFiles(path.join(run.runDir, 'output'), 5_000, 1_000, false);
    saveDir = path.join(run.base, 'save');
    await mkdir(saveDir);
  }, 60_000);
  afterAll(async () => {
    await run.cleanup();
  });

  it('writes every file, streaming', async () => {
    const dest = path.join(saveDir, 'all.zip');
    const result = await exportZip(run.runDir, [], dest);
    expect(result.entries).toBe(5_002); // + run.json and run.log
    const zip = await readZip(dest);
    expect(zip.size).toBe(5_002);
    expect(zip.get('output/d004/f04999.txt')?.toString()).toBe('4999');
    expect(zip.get('output/d000/f00000.txt')?.toString()).toBe('0');
    expect(existsSync(`${dest}.partial`)).toBe(false);
  });

  it('a cancel in the middle leaves neither the zip nor the partial file', async () => {
    const dest = path.join(saveDir, 'cancelled.zip');
    const fdsBefore = readdirSync('/proc/self/fd').length;
    const controller = new AbortController();
    const exporting = exportZip(run.runDir, [], dest, { signal: controller.signal });
    // Cancel once the partial file has data in it: the export is under way.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const size = await stat(`${dest}.partial`).then((s) => s.size, () => 0);
      if (size > 0) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    controller.abort();
    const code = await appErrorCode(exporting);
    expect(code).toBe('cancelled');
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.partial`)).toBe(false);
    // Every file the export had open is closed again (a stream's close can trail the rejection by a tick).
    const fdDeadline = Date.now() + 2_000;
    while (readdirSync('/proc/self/fd').length > fdsBefore && Date.now() < fdDeadline) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(fdsBefore);
  });
});
