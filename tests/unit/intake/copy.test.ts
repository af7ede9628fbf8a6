import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProject, diffManifest, openProject, scanDir } from '../../../main/intake';
import { appError, limits, treeChecksum, useTmp, writeTree } from './helpers';

describe('copyProject', () => {
  const tmp = useTmp();
  const open = (root: string) => openProject(root, { limits: limits(), stagingDir: path.join(root, '..', 'st') });

  it('copies exactly the manifest, keeping paths, executable bits, modes and times', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'run.sh': '#!/bin/sh\necho hi\n', 'src/a/b/c.py': 'x = 1\n', 'src/read-only.txt': 'ro', 'node_modules/x.js': '' });
    chmodSync(path.join(root, 'run.sh'), 0o750);
    chmodSync(path.join(root, 'src/read-only.txt'), 0o444);
    const project = await open(root);
    const input = path.join(base, 'runs', 'job-1', 'input');
    const copied = await copyProject(project, input);

    expect(copied.files.map((f) => f.path)).toEqual(['run.sh', 'src/a/b/c.py', 'src/read-only.txt']);
    expect(readdirSync(input).sort()).toEqual(['run.sh', 'src']);
    expect(statSync(path.join(input, 'run.sh')).mode & 0o777).toBe(0o750);
    expect(statSync(path.join(input, 'src/read-only.txt')).mode & 0o777).toBe(0o444);
    expect(readFileSync(path.join(input, 'src/a/b/c.py'), 'utf8')).toBe('x = 1\n');
    for (const [i, f] of copied.files.entries()) {
      const src = project.manifest.files[i];
      expect(f.size).toBe(src?.size);
      expect(f.mode).toBe(src?.mode);
      expect(Math.abs(f.mtimeMs - (src?.mtimeMs ?? 0))).toBeLessThan(1);
    }
    // What copyProject returns is what is on disk.
    expect(await scanDir(input)).toEqual(copied);
    execFileSync(path.join(input, 'run.sh')); // still executable
  });

  it('leaves the source unchanged after intake, copy, and a run that writes everywhere it can', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'main.py': 'print(1)\n', 'lib/util.py': 'x = 1\n', 'tool.sh': 'echo\n' });
    chmodSync(path.join(root, 'tool.sh'), 0o755);
    symlinkSync('main.py', path.join(root, 'alias.py'));
    const before = treeChecksum(root);
    const project = await open(root);
    const input = path.join(base, 'run', 'input');
    const copied = await copyProject(project, input);
    expect(treeChecksum(root)).toBe(before);

    // The "tool": rewrite, truncate, chmod and delete every copied file, and add new ones everywhere.
    for (const f of copied.files) {
      const p = path.join(input, f.path);
      appendFileSync(p, 'tampered');
      chmodSync(p, 0o777);
      writeFileSync(p, 'overwritten');
      writeFileSync(`${p}.new`, 'new');
    }
    rmSync(path.join(input, 'lib'), { recursive: true });
    unlinkSync(path.join(input, 'alias.py'));
    expect(treeChecksum(root)).toBe(before);
    expect(readFileSync(path.join(root, 'main.py'), 'utf8')).toBe('print(1)\n');
  });

  it('finds the files a tool added or changed with scanDir + diffManifest', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'a.ts': 'a', 'b.ts': 'b', 'c.ts': 'c', 'd/e.ts': 'e' });
    const input = path.join(base, 'run', 'input');
    const copied = await copyProject(await open(root), input);
    appendFileSync(path.join(input, 'a.ts'), ' more');
    chmodSync(path.join(input, 'b.ts'), 0o700);
    writeTree(input, { 'a.js': 'compiled', 'd/f/g.map': '{}' });
    symlinkSync('/etc/passwd', path.join(input, 'evil-link'));
    execFileSync('mkfifo', [path.join(input, 'fifo')]);
    const after = await scanDir(input);
    const diff = diffManifest(copied, after);
    expect(diff.added.map((e) => e.path).sort()).toEqual(['a.js', 'd/f/g.map', 'evil-link']);
    expect(diff.changed.map((e) => e.path).sort()).toEqual(['a.ts', 'b.ts']);
    const link = after.files.find((e) => e.path === 'evil-link');
    expect((link?.mode ?? 0) & constants.S_IFMT).toBe(constants.S_IFLNK); // listed as a link, not followed
    expect(after.files.some((e) => e.path === 'fifo')).toBe(false);
    expect((await appError(scanDir(path.join(base, 'missing')))).code).toBe('not-found');
  });

  it('refuses files that changed into something unsafe since the project was opened', { timeout: 15_000 }, async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'a.py': 'a', 'sub/b.py': 'b', 'c.py': 'c' });
    writeTree(base, { 'outside/b.py': 'secret', 'secret.txt': 'secret' });
    const project = await open(root);
    const attempt = async (name: string) => appError(copyProject(project, path.join(base, name, 'input')));

    unlinkSync(path.join(root, 'a.py'));
    symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'a.py'));
    expect((await attempt('r1')).message).toBe("'a.py' now points outside the project. Open the project again.");

    unlinkSync(path.join(root, 'a.py'));
    execFileSync('mkfifo', [path.join(root, 'a.py')]);
    expect((await attempt('r2')).message).toContain("'a.py' is no longer a regular file");

    unlinkSync(path.join(root, 'a.py'));
    expect((await attempt('r3')).message).toContain("'a.py' has disappeared");

    // A folder on the way swapped for a link to the outside: caught by checking where the opened file really is.
    writeFileSync(path.join(root, 'a.py'), 'a');
    renameSync(path.join(root, 'sub'), path.join(base, 'sub-moved'));
    symlinkSync(path.join(base, 'outside'), path.join(root, 'sub'));
    const err = await attempt('r4');
    expect(err.code).toBe('rejected');
    expect(err.message).toContain("'sub/b.py' now points outside the project");
    expect(lstatSync(path.join(base, 'outside/b.py')).isFile()).toBe(true);
  });

  it('enforces the limits again when files grew since opening, and honours cancel', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'a.py': 'a' });
    const project = await openProject(root, { limits: limits({ fileBytes: 10 }), stagingDir: path.join(base, 'st') });
    writeFileSync(path.join(root, 'a.py'), 'a'.repeat(11));
    const err = await appError(copyProject(project, path.join(base, 'r1', 'input')));
    expect(err.details).toMatchObject({ limit: 'fileBytes', value: 11, max: 10 });
    const cancelled = await appError(copyProject(project, path.join(base, 'r2', 'input'), { signal: AbortSignal.abort() }));
    expect(cancelled.code).toBe('cancelled');
  });

  it('copies many files in parallel and stops at the first cancel', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    for (let d = 0; d < 20; d += 1) {
      mkdirSync(path.join(root, `d${d}`), { recursive: true });
      for (let f = 0; f < 50; f += 1) writeFileSync(path.join(root, `d${d}`, `f${f}.py`), `x = ${d * 100 + f}\n`);
    }
    const project = await open(root);
    const copied = await copyProject(project, path.join(base, 'r1', 'input'));
    expect(copied.files).toHaveLength(1000);
    expect(treeChecksum(path.join(base, 'r1', 'input'))).toBe(treeChecksum(root));

    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const err = await appError(copyProject(project, path.join(base, 'r2', 'input'), { signal: controller.signal }));
    expect(err.code).toBe('cancelled');
  });

  it('keeps the event loop free while threads copy: a cancel once files appear stops the copy and removes it', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    const FILES = 5000; // many batches: the copy is still going when the first files show
    mkdirSync(root);
    for (let f = 0; f < FILES; f += 1) writeFileSync(path.join(root, `f${f}.py`), `x = ${f}\n`);
    const before = treeChecksum(root);
    const project = await open(root);
    const input = path.join(base, 'r1', 'input');
    const controller = new AbortController();
    let seen = 0;
    // Polled from the event loop: it only runs while the copy is under way if the copy leaves the loop free.
    const poll = (): void => {
      try {
        seen = readdirSync(input).length;
      } catch {
        // input/ not made yet
      }
      if (seen > 0) controller.abort();
      else setImmediate(poll);
    };
    setImmediate(poll);
    const err = await appError(copyProject(project, input, { signal: controller.signal }));
    expect(err.code).toBe('cancelled');
    expect(seen).toBeGreaterThan(0);
    // Every thread stopped before the copy was removed: nothing half-copied is left, not even the run's folder.
    expect(existsSync(path.join(base, 'r1'))).toBe(false);
    expect(treeChecksum(root)).toBe(before);
  });
});
