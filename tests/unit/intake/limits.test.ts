import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProject } from '../../../main/intake';
import { appError, limits, useTmp, writeTree } from './helpers';

function manyFiles(root: string, count: number, perFolder = 1000): void {
  for (let i = 0; i < count; i += 1) {
    const dir = path.join(root, `d${Math.floor(i / perFolder)}`);
    if (i % perFolder === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `f${i}.txt`), '');
  }
}

describe('limits', () => {
  const tmp = useTmp();
  const open = (root: string, over = {}) => openProject(root, { limits: limits(over), stagingDir: path.join(root, '..', 'staging') });

  it('refuses 25,000 files with the real count', { timeout: 30_000 }, async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    manyFiles(root, 25_000);
    writeTree(root, { 'node_modules/pkg/index.js': '', '.git/HEAD': '' }); // skipped, so not counted
    const err = await appError(open(root));
    expect(err.code).toBe('rejected');
    expect(err.message).toBe('This project has 25,000 files; the limit is 20,000 (Settings → Limits).');
    expect(err.details).toEqual({ limit: 'files', value: 25_000, max: 20_000, path: root });
  });

  it('accepts a project exactly at the file limit', async () => {
    const root = path.join(tmp(), 'proj');
    manyFiles(root, 50, 10);
    const project = await open(root, { files: 50 });
    expect(project.summary.files).toBe(50);
    expect((await appError(open(root, { files: 49 }))).details).toMatchObject({ limit: 'files', value: 50, max: 49 });
  });

  it('refuses a file over the per-file limit, naming it', async () => {
    const root = path.join(tmp(), 'proj');
    writeTree(root, { 'small.py': 'x', 'big/data.bin': Buffer.alloc(1001) });
    const err = await appError(open(root, { fileBytes: 1000 }));
    expect(err.code).toBe('rejected');
    expect(err.message).toBe("The file 'big/data.bin' is 1001 B; the limit for one file is 1000 B (Settings → Limits).");
    expect(err.details).toEqual({ limit: 'fileBytes', value: 1001, max: 1000, path: 'big/data.bin' });
    await expect(open(root, { fileBytes: 1001 })).resolves.toBeTruthy();
  });

  it('refuses a project over the total size', async () => {
    const root = path.join(tmp(), 'proj');
    for (let i = 0; i < 10; i += 1) writeTree(root, { [`f${i}.bin`]: Buffer.alloc(600) });
    const err = await appError(open(root, { totalBytes: 5000 }));
    expect(err.message).toBe('This project has more than 4.9 KB of files; the limit is 4.9 KB (Settings → Limits).');
    expect(err.details).toMatchObject({ limit: 'totalBytes', max: 5000, path: root });
    expect((err.details?.value as number) > 5000).toBe(true);
  });

  it('refuses nesting deeper than the depth limit', async () => {
    const root = path.join(tmp(), 'proj');
    writeTree(root, { 'a/b/c/d/e.txt': 'ok' });
    await expect(open(root, { depth: 5 })).resolves.toBeTruthy();
    writeTree(root, { 'a/b/c/d/e/f.txt': 'too deep' });
    const err = await appError(open(root, { depth: 5 }));
    expect(err.message).toBe("'a/b/c/d/e/f.txt' is nested 6 folders deep; the limit is 5 (Settings → Limits).");
    expect(err.details).toEqual({ limit: 'depth', value: 6, max: 5, path: 'a/b/c/d/e/f.txt' });
  });

  it('refuses a very deep tree at the default limit without walking all of it', async () => {
    const root = path.join(tmp(), 'proj');
    const deep = path.join(root, ...Array.from({ length: 200 }, () => 'd'));
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(deep, 'x.py'), '');
    const err = await appError(open(root));
    expect(err.details).toMatchObject({ limit: 'depth', value: 65, max: 64 });
  });

  it('says "not-found" for a missing path and rejects an empty folder', async () => {
    const base = tmp();
    const missing = await appError(open(path.join(base, 'nope')));
    expect(missing.code).toBe('not-found');
    const empty = path.join(base, 'empty');
    writeTree(empty, { 'node_modules/x.js': '', '.git/config': '' });
    const err = await appError(open(empty));
    expect(err.code).toBe('rejected');
    expect(err.message).toBe('This folder has no files to run a tool on.');
  });
});

describe('summary', () => {
  const tmp = useTmp();

  it('counts files and languages, suggests tools, and leaves out build output and tool folders', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, {
      'app.py': 'print(1)\n',
      'lib/util.py': 'x = 1\n',
      'lib/types.pyi': 'x: int\n',
      'web/index.ts': 'export {};\n',
      'README.md': '# hi\n',
      'bin/run.sh': 'echo run\n', // a script folder: kept (no .NET project beside it)
      'node_modules/a/index.js': '',
      'dist/out.js': '',
      'lib/build/steps.py': 'y = 2\n', // a source folder named build, below the root: kept
      '__pycache__/app.cpython-312.pyc': '',
      '.git/HEAD': '',
      'cs/App.csproj': '<Project/>',
      'cs/Program.cs': 'class P {}',
      'cs/bin/Debug/App.dll': 'MZ',
      'cs/obj/cache': '',
    });
    let clock = 1_000;
    const project = await openProject(root, {
      limits: limits(),
      stagingDir: path.join(base, 'st'),
      idFactory: () => 'p-1',
      now: () => (clock += 1),
    });
    const s = project.summary;
    expect(s.projectId).toBe('p-1');
    expect(s.kind).toBe('folder');
    expect(s.name).toBe('proj');
    expect(s.source).toBe(root);
    expect(s.files).toBe(9);
    expect(s.bytes).toBe(project.manifest.files.reduce((n, f) => n + f.size, 0));
    expect(s.languages).toEqual([
      { id: 'python', files: 4 },
      { id: 'bash', files: 1 },
      { id: 'csharp', files: 1 },
      { id: 'typescript', files: 1 },
    ]);
    expect(s.suggestedTools.sort()).toEqual(['bash-verification', 'csharp-verification', 'python-linter', 'typescript-linter']);
    expect(s.skipped.filter((x) => x.reason === 'ignored').map((x) => x.path).sort()).toEqual([
      '.git',
      '__pycache__',
      'cs/bin',
      'cs/obj',
      'dist',
      'node_modules',
    ]);
    expect(s.warnings).toEqual([
      '6 folders were left out as version control, dependencies or build output (.git/, __pycache__/, cs/bin/, cs/obj/, dist/ and 1 more: 6 files).',
    ]);
    expect(s.scannedAt).toBeGreaterThan(1_000);
    expect(project.manifest.files.map((f) => f.path)).toEqual([
      'README.md',
      'app.py',
      'bin/run.sh',
      'cs/App.csproj',
      'cs/Program.cs',
      'lib/build/steps.py',
      'lib/types.pyi',
      'lib/util.py',
      'web/index.ts',
    ]);
  });

  it('uses the injected tool suggestions and warns when no language fits', async () => {
    const base = tmp();
    writeTree(base, { 'p/notes.txt': 'hello', 'q/x.rs': 'fn main() {}' });
    const plain = await openProject(path.join(base, 'p'), { limits: limits(), stagingDir: path.join(base, 'st') });
    expect(plain.summary.suggestedTools).toEqual([]);
    expect(plain.summary.warnings).toContain("No files in a language Hapyy's tools read.");
    const seen: string[][] = [];
    const rust = await openProject(path.join(base, 'q'), {
      limits: limits(),
      stagingDir: path.join(base, 'st'),
      suggestTools: (langs) => {
        seen.push(langs);
        return ['my-rust-tool'];
      },
      kind: 'example',
    });
    expect(seen).toEqual([['rust']]);
    expect(rust.summary.suggestedTools).toEqual(['my-rust-tool']);
    expect(rust.summary.kind).toBe('example');
  });

  it('respects the root .gitignore by default, and not when the setting is off', async () => {
    const root = path.join(tmp(), 'proj');
    writeTree(root, {
      '.gitignore': '*.log\ngenerated/\n!important.log\n',
      'main.py': '',
      'debug.log': '',
      'important.log': '',
      'generated/big.py': '',
      'src/generated/more.py': '',
    });
    const all = await openProject(root, { limits: limits({ respectGitignore: false }), stagingDir: path.join(root, '..', 'st') });
    expect(all.summary.files).toBe(6);
    const some = await openProject(root, { limits: limits(), stagingDir: path.join(root, '..', 'st') });
    expect(some.manifest.files.map((f) => f.path)).toEqual(['.gitignore', 'important.log', 'main.py']);
    expect(some.summary.warnings).toContain(
      '3 entries listed in .gitignore were left out (debug.log, generated/, src/generated/: 3 files; a setting can include them).',
    );
  });

  it('opens a single file: root is its folder, the manifest is that file alone', async () => {
    const root = path.join(tmp(), 'proj');
    writeTree(root, { 'lint-me.py': 'import os\n', 'other.py': 'x = 1\n' });
    const project = await openProject(path.join(root, 'lint-me.py'), { limits: limits(), stagingDir: path.join(root, '..', 'st') });
    expect(project.root).toBe(root);
    expect(project.manifest.files.map((f) => f.path)).toEqual(['lint-me.py']);
    expect(project.summary).toMatchObject({ kind: 'file', name: 'lint-me.py', files: 1, bytes: 10, suggestedTools: ['python-linter'] });
    const err = await appError(openProject(path.join(root, 'lint-me.py'), { limits: limits({ fileBytes: 5 }), stagingDir: root }));
    expect(err.details).toMatchObject({ limit: 'fileBytes', value: 10, max: 5, path: 'lint-me.py' });
  });
});

describe('progress and cancel', () => {
  const tmp = useTmp();

  it('reports progress at most every 100 ms of the clock, with growing counts', async () => {
    const root = path.join(tmp(), 'proj');
    manyFiles(root, 300, 30);
    let clock = 0;
    const calls: { t: number; files: number }[] = [];
    await openProject(root, {
      limits: limits(),
      stagingDir: path.join(root, '..', 'st'),
      now: () => (clock += 7),
      onProgress: (p) => calls.push({ t: clock, files: p.files }),
    });
    expect(calls.length).toBeGreaterThan(2);
    for (let i = 1; i < calls.length; i += 1) {
      expect((calls[i] as { t: number }).t - (calls[i - 1] as { t: number }).t).toBeGreaterThanOrEqual(100);
      expect((calls[i] as { files: number }).files).toBeGreaterThan((calls[i - 1] as { files: number }).files);
    }
  });

  it('rejects with "cancelled" when aborted mid-scan, and when aborted before it starts', async () => {
    const root = path.join(tmp(), 'proj');
    manyFiles(root, 2000, 50);
    const controller = new AbortController();
    let clock = 0;
    let seen = 0;
    const err = await appError(
      openProject(root, {
        limits: limits(),
        stagingDir: path.join(root, '..', 'st'),
        signal: controller.signal,
        now: () => (clock += 50),
        onProgress: (p) => {
          seen = p.files;
          controller.abort();
        },
      }),
    );
    expect(err.code).toBe('cancelled');
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(2000);

    const early = await appError(openProject(root, { limits: limits(), stagingDir: root, signal: AbortSignal.abort() }));
    expect(early.code).toBe('cancelled');
  });
});
