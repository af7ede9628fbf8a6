import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candidateNames, findExplicit, findOnPath, splitPath } from '../../../main/registry/path-lookup';
import { removeDir, tempDir, writeScript } from './helpers';

describe('PATH lookup (POSIX, real files)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('finds an executable in the first PATH entry that has it', async () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    await writeScript(b, 'tool', 'echo b');
    expect(await findOnPath('tool', { pathEnv: `${a}:${b}`, platform: 'linux' })).toBe(path.join(b, 'tool'));
    await writeScript(a, 'tool', 'echo a');
    expect(await findOnPath('tool', { pathEnv: `${a}:${b}`, platform: 'linux' })).toBe(path.join(a, 'tool'));
  });

  it('skips files without the executable bit, directories, relative and empty entries', async () => {
    const plain = path.join(dir, 'plain');
    await mkdir(plain);
    await writeFile(path.join(plain, 'tool'), 'not executable');
    const dirs = path.join(dir, 'dirs');
    await mkdir(path.join(dirs, 'tool'), { recursive: true });
    const good = path.join(dir, 'good');
    await writeScript(good, 'tool', 'true');
    const pathEnv = `:relative:${plain}:${dirs}::${good}`;
    expect(await findOnPath('tool', { pathEnv, platform: 'linux' })).toBe(path.join(good, 'tool'));
    expect(await findOnPath('tool', { pathEnv: `${plain}:${dirs}`, platform: 'linux' })).toBeUndefined();
  });

  it('never looks up names with a separator, nor empty names', async () => {
    await writeScript(dir, 'tool', 'true');
    expect(await findOnPath('./tool', { pathEnv: dir, platform: 'linux' })).toBeUndefined();
    expect(await findOnPath('', { pathEnv: dir, platform: 'linux' })).toBeUndefined();
  });

  it('accepts an explicit executable path and refuses a missing one', async () => {
    const file = await writeScript(dir, 'tool', 'true');
    expect(await findExplicit(file, { platform: 'linux' })).toBe(file);
    expect(await findExplicit(path.join(dir, 'nope'), { platform: 'linux' })).toBeUndefined();
  });

  it('splits PATH without empties or duplicates', () => {
    expect(splitPath('/a::/b:/a:rel', 'linux')).toEqual(['/a', '/b']);
    expect(splitPath('C:\\a;;"C:\\b c";C:\\a', 'win32')).toEqual(['C:\\a', 'C:\\b c']);
  });
});

// Windows cannot run here: its rules are exercised with an injected file check (the only stand-in in this suite).
describe('PATH lookup (Windows rules)', () => {
  it('tries every PATHEXT extension unless the name already has one', () => {
    expect(candidateNames('ruff', 'win32', '.COM;.EXE;.CMD')).toEqual(['ruff.com', 'ruff.exe', 'ruff.cmd']);
    expect(candidateNames('ruff.EXE', 'win32', '.COM;.EXE')).toEqual(['ruff.EXE']);
    expect(candidateNames('ruff', 'linux')).toEqual(['ruff']);
  });

  it('finds tool.cmd in the second PATH entry', async () => {
    const existing = new Set(['C:\\Tools\\bin\\tool.cmd', 'C:\\Other\\tool']);
    const found = await findOnPath('tool', {
      pathEnv: 'C:\\Other;C:\\Tools\\bin',
      platform: 'win32',
      pathExt: '.EXE;.CMD',
      isExecutable: async (f) => existing.has(f),
    });
    expect(found).toBe('C:\\Tools\\bin\\tool.cmd');
  });

  it('adds an extension to an explicit path when needed', async () => {
    const existing = new Set(['C:\\x\\hupyy.exe']);
    const found = await findExplicit('C:\\x\\hupyy', { platform: 'win32', pathExt: '.EXE', isExecutable: async (f) => existing.has(f) });
    expect(found).toBe('C:\\x\\hupyy.exe');
  });
});
