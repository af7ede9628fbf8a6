import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { locateInRun, resolveInRun, splitRelPath } from '../../../main/results';
import { openInRun } from '../../../main/results/safe-open';
import { appErrorCode, makeRun, plantLinks, put, type TempRun } from './helpers';

describe('splitRelPath', () => {
  it.each([
    ['../x'],
    ['/etc/passwd'],
    ['output/../../x'],
    ['output/../run.log'],
    ['a\u0000b'],
    ['C:\\x'],
    ['c:x'],
    ['\\\\server\\share'],
    ['\\x'],
    ['output\\..\\..\\x'],
    [''],
  ])('refuses %j as invalid input', (bad) => {
    let caught: unknown;
    try {
      splitRelPath(bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('invalid-input');
  });

  it('normalises slashes and dots', () => {
    expect(splitRelPath('output\\sub/./a.c')).toEqual(['output', 'sub', 'a.c']);
    expect(splitRelPath('output//a.c/')).toEqual(['output', 'a.c']);
    expect(splitRelPath('.')).toEqual([]);
  });

  it('refuses Windows devices and streams on Windows only', () => {
    expect(() => splitRelPath('output/nul.txt', 'win32')).toThrow(AppError);
    expect(() => splitRelPath('output/a.c:stream', 'win32')).toThrow(AppError);
    expect(splitRelPath('output/a:b.c', 'linux')).toEqual(['output', 'a:b.c']);
  });
});

describe('resolveInRun / locateInRun on real files and links', () => {
  let run: TempRun;
  let realRun: string;
  beforeEach(async () => {
    run = await makeRun();
    realRun = await realpath(run.runDir);
    await put(run.runDir, { 'output/a.c': 'int main;\n' });
    await plantLinks(run);
  });
  afterEach(async () => {
    await run.cleanup();
  });

  it('resolves a plain file to its real path inside the run folder', async () => {
    expect(await resolveInRun(run.runDir, 'output/a.c')).toBe(path.join(realRun, 'output', 'a.c'));
    expect(await resolveInRun(run.runDir, 'output\\a.c')).toBe(path.join(realRun, 'output', 'a.c'));
  });

  it('refuses the hostile paths before touching the disk', async () => {
    for (const bad of ['../x', '/etc/passwd', 'output/../../x', 'a\u0000b', 'C:\\x', '\\\\server\\share']) {
      expect(await appErrorCode(resolveInRun(run.runDir, bad))).toBe('invalid-input');
    }
  });

  it('refuses links that lead out, and paths through them', async () => {
    expect(await appErrorCode(resolveInRun(run.runDir, 'output/passwd-link'))).toBe('forbidden');
    expect(await appErrorCode(resolveInRun(run.runDir, 'output/linkdir/secret.txt'))).toBe('forbidden');
    expect(await appErrorCode(resolveInRun(run.runDir, 'output/up'))).toBe('forbidden');
  });

  it('allows a link that stays inside, resolving it', async () => {
    expect(await resolveInRun(run.runDir, 'output/self/run.log')).toBe(path.join(realRun, 'run.log'));
  });

  it('says not-found for a missing path or run folder', async () => {
    expect(await appErrorCode(resolveInRun(run.runDir, 'output/missing.c'))).toBe('not-found');
    expect(await appErrorCode(resolveInRun(path.join(run.base, 'nope'), 'output/a.c'))).toBe('not-found');
  });

  it('locateInRun never passes through a link, even one that stays inside', async () => {
    expect(await appErrorCode(locateInRun(run.runDir, 'output/self/run.log'))).toBe('forbidden');
    expect(await appErrorCode(locateInRun(run.runDir, 'output/linkdir/secret.txt'))).toBe('forbidden');
    const link = await locateInRun(run.runDir, 'output/passwd-link');
    expect(link.stat.isSymbolicLink()).toBe(true);
    expect(link.rel).toBe('output/passwd-link');
  });

  it('openInRun refuses to open a link (O_NOFOLLOW), even one whose target is inside', async () => {
    expect(await appErrorCode(openInRun(path.join(realRun, 'output', 'passwd-link'), realRun))).toBe('forbidden');
    const opened = await openInRun(path.join(realRun, 'output', 'a.c'), realRun);
    await opened.handle.close();
    expect(opened.stat.size).toBe(10);
  });

  it('openInRun refuses a file that opens outside the run folder', async () => {
    // Reached through a folder link: the open itself succeeds, the check on what was opened refuses it.
    const through = path.join(realRun, 'output', 'linkdir', 'secret.txt');
    expect(await appErrorCode(openInRun(through, realRun))).toBe('forbidden');
  });
});
