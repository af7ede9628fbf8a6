import { describe, expect, it } from 'vitest';
import { compileGitignore } from '../../../main/intake/gitignore';
import { shortPath, tooManyFiles } from '../../../main/intake/limit-errors';
import { isPortableName } from '../../../main/intake/names';
import { isSkippedFolder } from '../../../main/intake/skip-rules';
import { unsafeNameReason } from '../../../main/intake/zip-entries';

describe('isPortableName', () => {
  it.each(['main.py', 'README', '.gitignore', 'ünïcödé.ts', 'a b.txt', 'console.log', 'CONFIG', 'nul-ish'])('accepts %j', (name) => {
    expect(isPortableName(name)).toBe(true);
  });
  it.each(['CON', 'con.txt', 'NUL', 'Aux.tar.gz', 'COM1', 'lpt9.md', 'trailing.', 'trailing ', 'a:b', 'why?', 'x*y', 'back\\slash', 'pipe|d', 'quo"te', '<tag>', 'line\nbreak', 'tab\there', 'del\u007f'])(
    'rejects %j',
    (name) => {
      expect(isPortableName(name)).toBe(false);
    },
  );
  it('rejects names whose bytes are not valid UTF-8', () => {
    const raw = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    expect(isPortableName(raw.toString('utf8'), raw)).toBe(false);
    expect(isPortableName('café', Buffer.from('café'))).toBe(true);
  });
});

describe('compileGitignore', () => {
  const ig = compileGitignore(
    ['# comment', '*.log', '!keep.log', '/rootonly', 'docs/*.md', 'tmp/', '**/gen/**', '[ab].txt', '\\#hash', 'trailing   ', ''].join('\n'),
  );
  it.each([
    ['x.log', false, true],
    ['a/b/x.log', false, true],
    ['keep.log', false, false],
    ['rootonly', false, true],
    ['sub/rootonly', false, false],
    ['docs/a.md', false, true],
    ['docs/deep/a.md', false, false],
    ['tmp', true, true],
    ['tmp', false, false],
    ['src/tmp', true, true],
    ['x/gen/y.ts', false, true],
    ['a.txt', false, true],
    ['c.txt', false, false],
    ['#hash', false, true],
    ['trailing', false, true],
    ['comment', false, false],
    ['src/main.ts', false, false],
  ] as const)('%s (dir: %s) ignored: %s', (rel, isDir, expected) => {
    expect(ig(rel, isDir)).toBe(expected);
  });
});

describe('skip rules', () => {
  it('skips dependencies at any depth, build output only at the root, and bin/obj only beside a .NET project', () => {
    expect(isSkippedFolder('node_modules', [], 1)).toBe(true);
    expect(isSkippedFolder('node_modules', [], 4)).toBe(true);
    expect(isSkippedFolder('.git', [], 1)).toBe(true);
    expect(isSkippedFolder('src', [], 1)).toBe(false);
    for (const name of ['build', 'dist', 'out', 'target', 'coverage']) {
      expect(isSkippedFolder(name, [], 1)).toBe(true);
      expect(isSkippedFolder(name, [], 2)).toBe(false); // pip's _internal/operations/build is source
    }
    expect(isSkippedFolder('bin', ['bin', 'run.sh'], 1)).toBe(false);
    expect(isSkippedFolder('bin', ['bin', 'obj', 'App.csproj'], 2)).toBe(true);
    expect(isSkippedFolder('obj', ['obj', 'App.sln'], 1)).toBe(true);
  });
});

describe('zip entry names', () => {
  it.each([
    ['../evil', "it climbs out of the archive with '..'"],
    ['a/../../evil', "it climbs out of the archive with '..'"],
    ['/etc/passwd', 'it is an absolute path'],
    ['C:/x', 'it starts with a drive letter'],
    ['a\\..\\evil', 'it contains a backslash'],
    ['a\0b', 'it contains a NUL character'],
    ['a//b', "it has an empty or '.' path segment"],
    ['./a', "it has an empty or '.' path segment"],
  ])('refuses %j', (name, reason) => {
    expect(unsafeNameReason(name)).toBe(reason);
  });
  it.each(['a.txt', 'dir/', 'dir/sub/file.py', '...', 'a..b'])('accepts %j', (name) => {
    expect(unsafeNameReason(name)).toBeNull();
  });
});

describe('limit messages', () => {
  it('name the limit, the figure and the path', () => {
    const err = tooManyFiles('project', 31_204, 20_000, '/home/me/proj');
    expect(err.code).toBe('rejected');
    expect(err.message).toBe('This project has 31,204 files; the limit is 20,000 (Settings → Limits).');
    expect(err.details).toEqual({ limit: 'files', value: 31_204, max: 20_000, path: '/home/me/proj' });
    expect(tooManyFiles('archive', 1_000_001, 20_000, '/a.zip', true).message).toBe(
      'This archive has more than 1,000,000 files; the limit is 20,000 (Settings → Limits).',
    );
  });
  it('shortens long paths in the middle', () => {
    const long = `${'a/'.repeat(100)}end.txt`;
    const short = shortPath(long);
    expect(short.length).toBeLessThanOrEqual(80);
    expect(short.startsWith('a/a/')).toBe(true);
    expect(short.endsWith('end.txt')).toBe(true);
  });
});
