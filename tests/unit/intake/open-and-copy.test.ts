import { chmodSync, existsSync, lstatSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IntakeLimits } from '../../../shared/settings';
import { copyProject, openAndCopyProject, openProject, scanDir } from '../../../main/intake';
import { CopyThreadPool } from '../../../main/intake/copy-pool';
import type { ProgressReport } from '../../../main/intake/types';
import { appError, limits, treeChecksum, useTmp, writeSmallFiles, writeTree } from './helpers';

/** 12 × 60 small files (varied modes and times), a link to one of them, a gitignored file and a 5 MB one. */
function makeProject(root: string): void {
  writeSmallFiles(root, 12, 60);
  writeTree(root, { '.gitignore': 'build/\n', 'build/out.js': 'ignored', 'big.bin': Buffer.alloc(5 * 1024 * 1024 + 3, 7) });
  symlinkSync('d0/f1.py', path.join(root, 'link-to-f1.py'));
}

/** Polls (with a deadline) until `file` exists: called from inside the scan, it holds the scan until the copy threads have copied it. */
function holdUntilCopied(file: string): void {
  const deadline = Date.now() + 30_000;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} was not copied while the scan ran`);
    Atomics.wait(nap, 0, 0, 2);
  }
}

describe('openAndCopyProject', () => {
  const tmp = useTmp();
  /** A fresh temp folder holding the project (makeProject) in `proj/`. */
  const newProject = (): { base: string; root: string } => {
    const base = tmp();
    const root = path.join(base, 'proj');
    makeProject(root);
    return { base, root };
  };
  const pools: CopyThreadPool[] = [];
  const pool = (): CopyThreadPool => {
    const p = new CopyThreadPool();
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  /**
   * Options whose progress is told for every file (the clock moves 1 s per reading), holding the scan at file
   * `holdAt` until d0/f0.py (the first file found) is in `input`: so the copy provably runs while the scan does.
   */
  const heldOptions = (base: string, input: string, over: Partial<IntakeLimits>, holdAt: number, onHold: () => void = () => {}) => {
    let clock = 0;
    const seen = { copiedDuringScan: false };
    return {
      seen,
      opts: {
        limits: limits(over),
        stagingDir: path.join(base, 'st'),
        threads: 2,
        pool: pool(),
        now: () => (clock += 1000),
        onProgress: (p: ProgressReport) => {
          if (p.files !== holdAt) return;
          holdUntilCopied(path.join(input, 'd0', 'f0.py'));
          seen.copiedDuringScan = true;
          onHold();
        },
      },
    };
  };

  it('copies while it scans, and gives what openProject then copyProject give, the source untouched', async () => {
    const { base, root } = newProject();
    const before = treeChecksum(root);
    const input = path.join(base, 'run', 'input');
    const { seen, opts } = heldOptions(base, input, {}, 400);
    const { project, manifest } = await openAndCopyProject(root, input, opts);
    expect(seen.copiedDuringScan).toBe(true);

    const sequential = await openProject(root, { limits: limits(), stagingDir: path.join(base, 'st') });
    const seqInput = path.join(base, 'seq', 'input');
    const seqManifest = await copyProject(sequential, seqInput, { pool: pool() });
    expect(manifest).toEqual(seqManifest);
    expect(project.manifest).toEqual(sequential.manifest);
    expect(project.summary.skipped).toEqual(sequential.summary.skipped);
    expect(manifest.files).toHaveLength(12 * 60 + 3); // with .gitignore, big.bin and the link (taken as the file it points to); build/ left out
    expect(existsSync(path.join(input, 'build'))).toBe(false);
    expect(readFileSync(path.join(input, 'link-to-f1.py'), 'utf8')).toBe(readFileSync(path.join(root, 'd0', 'f1.py'), 'utf8'));
    expect(treeChecksum(input)).toBe(treeChecksum(seqInput));
    expect(await scanDir(input)).toEqual(manifest); // sizes, modes, mtimes as a fresh scan reads them
    expect(treeChecksum(root)).toBe(before);
  });

  it.each([
    ['files', { files: 500 }],
    ['total bytes', { totalBytes: 5 * 1024 * 1024 + 100 * 1024 }],
    ['depth', { depth: 2 }],
  ] as const)('a %s limit hit after files were copied: the error openProject gives, and nothing of the copy left', async (_limit, over) => {
    const { base, root } = newProject();
    writeTree(root, { 'zz/deeper/last.py': 'x = 1\n' }); // found last: the depth limit is hit after everything else
    const before = treeChecksum(root);
    const expected = await appError(openProject(root, { limits: limits(over), stagingDir: path.join(base, 'st') }));
    expect(expected.code).toBe('rejected');
    const input = path.join(base, 'run', 'input');
    const { seen, opts } = heldOptions(base, input, over, 300);
    const err = await appError(openAndCopyProject(root, input, opts));
    expect(seen.copiedDuringScan).toBe(true);
    expect({ code: err.code, message: err.message, details: err.details }).toEqual({ code: expected.code, message: expected.message, details: expected.details });
    expect(existsSync(path.join(base, 'run'))).toBe(false);
    expect(treeChecksum(root)).toBe(before);
  });

  it('a file the copy cannot write stops the copy; a limit the scan hits later is still the error, else the copy error', async () => {
    const { base, root } = newProject();
    // O_EXCL: the copy of d0/f0.py fails with EEXIST
    const planted = (name: string): string => {
      const input = path.join(base, name, 'input');
      writeTree(input, { 'd0/f0.py': 'already here' });
      return input;
    };
    const limited = await appError(openAndCopyProject(root, planted('r1'), { limits: limits({ files: 500 }), stagingDir: path.join(base, 'st'), threads: 2, pool: pool() }));
    expect(limited.code).toBe('rejected');
    expect(limited.details).toMatchObject({ limit: 'files' });

    let copyError: unknown;
    const input = planted('r2');
    await openAndCopyProject(root, input, { limits: limits(), stagingDir: path.join(base, 'st'), threads: 2, pool: pool() }).catch((e: unknown) => {
      copyError = e;
    });
    expect((copyError as Error).message).toMatch(/^'d0\/f0\.py' could not be copied: EEXIST/);
    expect((copyError as { code?: string }).code).toBe('EEXIST');
    expect(readFileSync(path.join(input, 'd0', 'f0.py'), 'utf8')).toBe('already here'); // never overwritten
  });

  it('a cancel while it scans and copies stops both and removes the copy', async () => {
    const { base, root } = newProject();
    const before = treeChecksum(root);
    const input = path.join(base, 'run', 'input');
    const controller = new AbortController();
    const { seen, opts } = heldOptions(base, input, {}, 300, () => controller.abort());
    const err = await appError(openAndCopyProject(root, input, { ...opts, signal: controller.signal }));
    expect(err.code).toBe('cancelled');
    expect(seen.copiedDuringScan).toBe(true);
    expect(existsSync(path.join(base, 'run'))).toBe(false);
    expect(treeChecksum(root)).toBe(before);
  });

  it('refuses a file swapped for a link to a secret after the scan accepted it, and leaves nothing of the copy', async () => {
    const { base, root } = newProject();
    writeTree(base, { 'secret.txt': 'TOP SECRET' });
    const input = path.join(base, 'run', 'input');
    const victim = path.join(root, 'd0', 'f0.py');
    let clock = 0;
    const err = await appError(
      openAndCopyProject(root, input, {
        limits: limits(),
        stagingDir: path.join(base, 'st'),
        threads: 2,
        pool: pool(),
        now: () => (clock += 1000),
        onProgress: (p) => {
          // The fourth file found (the root's .gitignore, big.bin and link-to-f1.py come first) is d0/f0.py, told
          // right after the scan accepted it and handed it to the copy; its batch is still open, so no thread has
          // opened it yet.
          if (p.files !== 4) return;
          expect(lstatSync(victim).isFile()).toBe(true);
          rmSync(victim);
          symlinkSync(path.join(base, 'secret.txt'), victim);
        },
      }),
    );
    expect(err.code).toBe('rejected');
    expect(err.message).toBe("'d0/f0.py' now points outside the project. Open the project again.");
    expect(existsSync(path.join(base, 'run'))).toBe(false);
  });

  it('a single file is opened, then copied', async () => {
    const base = tmp();
    writeTree(base, { 'proj/run.sh': 'echo hi\n' });
    chmodSync(path.join(base, 'proj', 'run.sh'), 0o755);
    const input = path.join(base, 'run', 'input');
    const { project, manifest } = await openAndCopyProject(path.join(base, 'proj', 'run.sh'), input, { limits: limits(), stagingDir: path.join(base, 'st') });
    expect(project.summary.kind).toBe('file');
    expect(manifest.files.map((f) => f.path)).toEqual(['run.sh']);
    expect(await scanDir(input)).toEqual(manifest);
  });
});
