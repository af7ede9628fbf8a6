import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProject, openProject } from '../../../main/intake';
import { appError, limits, treeChecksum, useTmp, writeTree } from './helpers';

describe('links', () => {
  const tmp = useTmp();

  it('never follows links out of the project; takes links to files inside as files; skips links to folders', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'src/main.py': 'print(1)\n', 'src/lib/util.py': 'x = 1\n' });
    writeTree(base, { 'secret.txt': 'do not copy me' });
    symlinkSync('/etc/passwd', path.join(root, 'passwd'));
    symlinkSync('..', path.join(root, 'up'));
    symlinkSync('../secret.txt', path.join(root, 'secret-rel'));
    symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'secret-abs'));
    symlinkSync('up/secret.txt', path.join(root, 'via-link')); // inside on paper, outside once resolved
    symlinkSync('src/main.py', path.join(root, 'alias.py'));
    symlinkSync('src/lib', path.join(root, 'lib-link'));
    symlinkSync('.', path.join(root, 'src', 'self'));
    symlinkSync('missing.txt', path.join(root, 'broken'));
    const before = treeChecksum(root);

    const project = await openProject(root, { limits: limits(), stagingDir: path.join(base, 'staging') });

    expect(project.manifest.files.map((f) => f.path)).toEqual(['alias.py', 'src/lib/util.py', 'src/main.py']);
    expect(project.manifest.files[0]?.size).toBe('print(1)\n'.length);
    const skipped = [...project.summary.skipped].sort((a, b) => a.path.localeCompare(b.path));
    expect(skipped).toEqual([
      { path: 'broken', reason: 'link' },
      { path: 'lib-link', reason: 'link' },
      { path: 'passwd', reason: 'link-outside' },
      { path: 'secret-abs', reason: 'link-outside' },
      { path: 'secret-rel', reason: 'link-outside' },
      { path: 'src/self', reason: 'link' },
      { path: 'up', reason: 'link-outside' },
      { path: 'via-link', reason: 'link-outside' },
    ]);
    expect(project.summary.warnings).toContain('8 files were skipped (links outside the project, links to folders or broken links).');

    const input = path.join(base, 'run', 'input');
    await copyProject(project, input);
    expect(readdirSync(input).sort()).toEqual(['alias.py', 'src']);
    expect(lstatSync(path.join(input, 'alias.py')).isFile()).toBe(true); // content, not a link
    expect(readFileSync(path.join(input, 'alias.py'), 'utf8')).toBe('print(1)\n');
    expect(existsSync(path.join(input, 'passwd'))).toBe(false);
    expect(treeChecksum(root)).toBe(before);
  });

  it('opens a project given as a link to a folder (the user chose it)', async () => {
    const base = tmp();
    writeTree(base, { 'real/a.sh': 'echo hi\n' });
    symlinkSync(path.join(base, 'real'), path.join(base, 'chosen'));
    const project = await openProject(path.join(base, 'chosen'), { limits: limits(), stagingDir: path.join(base, 'st') });
    expect(project.root).toBe(path.join(base, 'real'));
    expect(project.summary.source).toBe(path.join(base, 'chosen'));
    expect(project.summary.suggestedTools).toEqual(['bash-verification']);
  });
});

describe('special files', () => {
  const tmp = useTmp();

  it('lists a FIFO (and a link to it) as special files without opening them; scan and copy finish', { timeout: 15_000 }, async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'main.ts': 'export const a = 1;\n' });
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    symlinkSync('pipe', path.join(root, 'pipe-link'));
    execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', path.join(root, 'sock')]);
    let device = false;
    try {
      execFileSync('mknod', [path.join(root, 'null-dev'), 'c', '1', '3'], { stdio: 'ignore' });
      device = true;
    } catch {
      // no CAP_MKNOD here: the FIFO and socket still cover the rule
    }

    const project = await openProject(root, { limits: limits(), stagingDir: path.join(base, 'st') });
    expect(project.manifest.files.map((f) => f.path)).toEqual(['main.ts']);
    const special = project.summary.skipped.filter((s) => s.reason === 'special-file').map((s) => s.path).sort();
    expect(special).toEqual(['pipe', 'pipe-link', 'sock', ...(device ? ['null-dev'] : [])].sort());
    expect(project.summary.warnings[0]).toMatch(/^\d files were skipped \(special files\)\.$/);

    const input = path.join(base, 'run', 'input');
    const copied = await copyProject(project, input);
    expect(copied.files.map((f) => f.path)).toEqual(['main.ts']);
    expect(readdirSync(input)).toEqual(['main.ts']);
  });

  it('refuses a FIFO given as the project (even one named .zip) without opening it', { timeout: 15_000 }, async () => {
    const base = tmp();
    execFileSync('mkfifo', [path.join(base, 'pipe.zip')]);
    execFileSync('mkfifo', [path.join(base, 'pipe.py')]);
    for (const name of ['pipe.zip', 'pipe.py']) {
      const err = await appError(openProject(path.join(base, name), { limits: limits(), stagingDir: path.join(base, 'st') }));
      expect(err.code).toBe('rejected');
      expect(err.message).toContain('is not a folder, a file or a zip archive');
    }
    mkdirSync(path.join(base, 'st'), { recursive: true });
    expect(readdirSync(path.join(base, 'st'))).toEqual([]);
  });
});
