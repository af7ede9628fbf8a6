import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProducedFile } from '../../../shared/jobs';
import { exportZip } from '../../../main/results';
import { appErrorCode, makeRun, plantLinks, put, readZip, type TempRun } from './helpers';

describe('exportZip', () => {
  let run: TempRun;
  let saveDir: string;
  beforeEach(async () => {
    run = await makeRun();
    saveDir = path.join(run.base, 'Downloads');
    await mkdir(saveDir);
    await put(run.runDir, {
      'output/main.c': 'int main(void) { return 0; }\n',
      'output/include/deep/util.h': '#pragma once\n',
      'output/empty.txt': '',
      'input/main.cpp': 'int main() {}\n',
      'input/gen/new.rs': 'fn main() {}\n',
      'input/changed.cpp': 'changed\n',
      'input/unlisted.cpp': 'not produced\n',
      'tmp/scratch': 'scratch',
      'home/.bashrc': 'scratch',
    });
  });
  afterEach(async () => {
    await run.cleanup();
  });

  const produced: ProducedFile[] = [
    { path: 'output/main.c', size: 29, origin: 'output' },
    { path: 'input/gen/new.rs', size: 13, origin: 'input-new' },
    { path: 'input/changed.cpp', size: 8, origin: 'input-changed' },
  ];

  it('zips run.json, run.log, output/** and the produced input files, nothing else', async () => {
    const dest = path.join(saveDir, 'results.zip');
    const result = await exportZip(run.runDir, produced, dest);
    expect(result).toEqual({ path: dest, entries: 7 });
    const zip = await readZip(dest);
    expect([...zip.keys()].sort()).toEqual([
      'input/changed.cpp',
      'input/gen/new.rs',
      'output/empty.txt',
      'output/include/deep/util.h',
      'output/main.c',
      'run.json',
      'run.log',
    ]);
    expect(zip.get('output/main.c')?.toString()).toBe('int main(void) { return 0; }\n');
    expect(zip.get('output/include/deep/util.h')?.toString()).toBe('#pragma once\n');
    expect(zip.get('output/empty.txt')?.length).toBe(0);
    expect(zip.get('input/gen/new.rs')?.toString()).toBe('fn main() {}\n');
    expect(zip.get('run.log')?.toString()).toBe('[stdout] hello\n');
    expect(await readdir(saveDir)).toEqual(['results.zip']); // no .partial left behind
  });

  it('the zip is a real one: unzip -t accepts it', async () => {
    const dest = path.join(saveDir, 'results.zip');
    await exportZip(run.runDir, produced, dest);
    expect(execFileSync('unzip', ['-t', dest], { encoding: 'utf8' })).toContain('No errors detected');
  });

  it('leaves links out, and produced paths behind links', async () => {
    await plantLinks(run);
    await symlink(path.join(run.outside, 'secret.txt'), path.join(run.runDir, 'input', 'evil.cpp'));
    const viaLink: ProducedFile[] = [
      ...produced,
      { path: 'input/evil.cpp', size: 11, origin: 'input-new' },
      { path: 'output/linkdir/secret.txt', size: 11, origin: 'output' },
      { path: 'input/../../outside/secret.txt', size: 11, origin: 'input-new' },
    ];
    const dest = path.join(saveDir, 'results.zip');
    await exportZip(run.runDir, viaLink, dest);
    const zip = await readZip(dest);
    const names = [...zip.keys()];
    expect(names).toHaveLength(7);
    expect(names.some((n) => /passwd|linkdir|self|up|evil|secret/.test(n))).toBe(false);
    for (const content of zip.values()) {
      expect(content.toString()).not.toContain('top secret');
      expect(content.toString()).not.toContain('root:');
    }
  });

  it('leaves out a FIFO instead of blocking on it', async () => {
    execFileSync('mkfifo', [path.join(run.runDir, 'output', 'pipe')]);
    const dest = path.join(saveDir, 'results.zip');
    expect((await exportZip(run.runDir, produced, dest)).entries).toBe(7);
  });

  it('refuses a destination inside the run folder, however it is spelled', async () => {
    for (const dest of [
      path.join(run.runDir, 'output', 'results.zip'),
      path.join(run.runDir, 'results.zip'),
      path.join(run.runDir, 'output', '..', 'x.zip'),
    ]) {
      expect(await appErrorCode(exportZip(run.runDir, produced, dest))).toBe('invalid-input');
    }
    // Through a link to the run folder from outside.
    await symlink(run.runDir, path.join(saveDir, 'run-link'));
    expect(await appErrorCode(exportZip(run.runDir, produced, path.join(saveDir, 'run-link', 'x.zip')))).toBe('invalid-input');
    expect(existsSync(path.join(run.runDir, 'results.zip'))).toBe(false);
    expect(existsSync(path.join(run.runDir, 'x.zip'))).toBe(false);
  });

  it('replaces an existing file at the destination and a stale .partial', async () => {
    const dest = path.join(saveDir, 'results.zip');
    await writeFile(dest, 'old');
    await writeFile(`${dest}.partial`, 'stale');
    await exportZip(run.runDir, produced, dest);
    expect((await readZip(dest)).size).toBe(7);
    expect(existsSync(`${dest}.partial`)).toBe(false);
  });

  it('fails cleanly when the folder to save in does not exist', async () => {
    const dest = path.join(saveDir, 'no-such-folder', 'results.zip');
    expect(await appErrorCode(exportZip(run.runDir, produced, dest))).toBe('not-found');
    expect(await readdir(saveDir)).toEqual([]);
  });

  it('refuses more files than maxEntries, leaving nothing', async () => {
    const dest = path.join(saveDir, 'results.zip');
    expect(await appErrorCode(exportZip(run.runDir, produced, dest, { maxEntries: 3 }))).toBe('limit');
    expect(await readdir(saveDir)).toEqual([]);
  });

  it('an already aborted signal exports nothing', async () => {
    const dest = path.join(saveDir, 'results.zip');
    expect(await appErrorCode(exportZip(run.runDir, produced, dest, { signal: AbortSignal.abort() }))).toBe('cancelled');
    expect(await readdir(saveDir)).toEqual([]);
  });
});
