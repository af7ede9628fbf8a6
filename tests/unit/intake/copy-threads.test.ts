import { existsSync, mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync, chmodSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, openProject, scanDir } from '../../../main/intake';
import { CopyThreadPool, startCopyThread } from '../../../main/intake/copy-pool';
import { startWorker } from '../../../main/threads/start-worker';
import { appError, limits, treeChecksum, useTmp, writeSmallFiles, writeTree } from './helpers';

/** A project of `folders` × `files` small files with varied modes and times, and a few over the 1 MiB copy buffer. */
function makeProject(root: string, folders: number, files: number): void {
  writeSmallFiles(root, folders, files);
  writeFileSync(path.join(root, 'big-a.bin'), Buffer.alloc(3 * 1024 * 1024 + 17, 7));
  writeFileSync(path.join(root, 'big-b.bin'), Buffer.alloc(1024 * 1024 + 1, 9));
}

describe('copy threads', () => {
  const tmp = useTmp();
  const pools: CopyThreadPool[] = [];
  const pool = (start?: () => Worker): CopyThreadPool => {
    const p = new CopyThreadPool(start);
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });
  const open = (root: string) => openProject(root, { limits: limits(), stagingDir: path.join(root, '..', 'st') });
  /** Copies `root` into `base`/run/input through a fresh pool, checks the copy is exact, and says how many threads it started. */
  const copyCountingThreads = async (base: string, root: string): Promise<number> => {
    const project = await open(root);
    let started = 0;
    const counted = pool(() => {
      started += 1;
      return startCopyThread();
    });
    const input = path.join(base, 'run', 'input');
    const copied = await copyProject(project, input, { pool: counted });
    expect(treeChecksum(input)).toBe(treeChecksum(root));
    expect(await scanDir(input)).toEqual(copied);
    return started;
  };

  it.each([1, 2, 4])('%i thread(s): the copy is byte for byte the project, and its manifest is what a fresh scan reads', async (threads) => {
    const base = tmp();
    const root = path.join(base, 'proj');
    makeProject(root, 12, 60); // 720 small files: a dozen batches, shared out among the threads
    const project = await open(root);
    const input = path.join(base, 'run', 'input');
    const copied = await copyProject(project, input, { threads, pool: pool() });
    expect(copied.files).toHaveLength(722);
    expect(treeChecksum(input)).toBe(treeChecksum(root)); // paths, modes, contents
    expect(await scanDir(input)).toEqual(copied); // sizes, modes, mtimes to the last bit
    expect(copied.files.map((f) => f.path)).toEqual(project.manifest.files.map((f) => f.path));
  });

  it('a project of one batch is copied on this thread: no thread is started, and the copy is still exact', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'a.sh'), 'echo $1\n');
    chmodSync(path.join(root, 'a.sh'), 0o755);
    expect(await copyCountingThreads(base, root)).toBe(0);
  });

  it('one file larger than a batch goes to a thread, so its copy does not hold this thread', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'big.bin'), Buffer.alloc(5 * 1024 * 1024, 3));
    expect(await copyCountingThreads(base, root)).toBe(1);
  });

  it('keeps its threads for the next copy', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    makeProject(root, 4, 100);
    const project = await open(root);
    let started = 0;
    const counted = pool(() => {
      started += 1;
      return startCopyThread();
    });
    await copyProject(project, path.join(base, 'r1', 'input'), { threads: 2, pool: counted });
    await copyProject(project, path.join(base, 'r2', 'input'), { threads: 2, pool: counted });
    expect(started).toBe(2);
    expect(treeChecksum(path.join(base, 'r2', 'input'))).toBe(treeChecksum(root));
  });

  it('prestarted threads are the ones the next copy uses', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    makeProject(root, 2, 100);
    const project = await open(root);
    let started = 0;
    const counted = pool(() => {
      started += 1;
      return startCopyThread();
    });
    counted.prestart(2);
    counted.prestart(2); // already there: none more
    expect(started).toBe(2);
    await copyProject(project, path.join(base, 'r1', 'input'), { threads: 2, pool: counted });
    expect(started).toBe(2);
    expect(treeChecksum(path.join(base, 'r1', 'input'))).toBe(treeChecksum(root));
  });

  it('drops an idle thread that ended, and starts a new one for the next copy', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    makeProject(root, 1, 20);
    const project = await open(root);
    const made: Worker[] = [];
    const counted = pool(() => {
      const w = startCopyThread();
      made.push(w);
      return w;
    });
    await copyProject(project, path.join(base, 'r1', 'input'), { threads: 1, pool: counted });
    expect(made).toHaveLength(1);
    await made[0]?.terminate(); // dies while idle in the pool: no unhandled error, and it is not handed out again
    await copyProject(project, path.join(base, 'r2', 'input'), { threads: 1, pool: counted });
    expect(made).toHaveLength(2);
    expect(treeChecksum(path.join(base, 'r2', 'input'))).toBe(treeChecksum(root));
  });

  it('refuses a file swapped for a link to a secret while the copy runs, and leaves nothing of the copy', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    mkdirSync(root);
    const FILES = 3000;
    for (let f = 0; f < FILES; f += 1) writeFileSync(path.join(root, `f${String(f).padStart(4, '0')}.py`), `x = ${f}\n`);
    writeFileSync(path.join(base, 'secret.txt'), 'SECRET');
    const project = await open(root);
    const input = path.join(base, 'run', 'input');
    const last = path.join(root, `f${FILES - 1}.py`); // copied last: batches go out in manifest order
    let swapped = false;
    // As soon as the first copies appear, the last file becomes a link to the secret.
    const poll = (): void => {
      let seen = 0;
      try {
        seen = readdirSync(input).length;
      } catch {
        // not made yet
      }
      if (seen === 0) return void setImmediate(poll);
      unlinkSync(last);
      symlinkSync(path.join(base, 'secret.txt'), last);
      swapped = true;
    };
    setImmediate(poll);
    const err = await appError(copyProject(project, input, { threads: 2, pool: pool() }));
    expect(swapped).toBe(true);
    expect(err.code).toBe('rejected');
    expect(err.message).toBe(`'f${FILES - 1}.py' now points outside the project. Open the project again.`);
    expect(existsSync(path.join(base, 'run'))).toBe(false);
  });

  it('holds the total-bytes limit across threads when files grew since opening, and removes the copy', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`d${i % 4}/f${i}.txt`, 'x'.repeat(100)])));
    const project = await openProject(root, { limits: limits({ totalBytes: 25_000 }), stagingDir: path.join(base, 'st') });
    for (let i = 0; i < 200; i += 1) writeFileSync(path.join(root, `d${i % 4}/f${i}.txt`), 'y'.repeat(200));
    const err = await appError(copyProject(project, path.join(base, 'run', 'input'), { threads: 3, pool: pool() }));
    expect(err.code).toBe('rejected');
    expect(err.details).toMatchObject({ limit: 'totalBytes', max: 25_000 });
    expect(err.details?.['value']).toBeGreaterThan(25_000);
    expect(existsSync(path.join(base, 'run'))).toBe(false);
  });

  it('tells a file-system error in a thread, with the file and the errno, and keeps a folder it did not make', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'a.py': 'a', 'b.py': 'b' });
    const project = await open(root);
    const input = path.join(base, 'input');
    writeTree(input, { 'b.py': 'already here' }); // O_EXCL: a copy never overwrites
    let error: unknown;
    await copyProject(project, input, { pool: pool() }).catch((e: unknown) => {
      error = e;
    });
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^'b\.py' could not be copied: EEXIST/);
    expect((error as { code?: string }).code).toBe('EEXIST');
    expect(readFileSync(path.join(input, 'b.py'), 'utf8')).toBe('already here');
  });

  it.each([
    ['exits', 'process.exit(3)', 'it ended with exit code 3'],
    ['throws', 'throw new Error("disk on fire")', 'disk on fire'],
  ])('a thread that %s fails the copy with a clear error, and the copy is removed', async (_what, code, why) => {
    const base = tmp();
    const root = path.join(base, 'proj');
    makeProject(root, 2, 100);
    const project = await open(root);
    const broken = pool(() => new Worker(code, { eval: true }));
    const err = await appError(copyProject(project, path.join(base, 'run', 'input'), { threads: 2, pool: broken }));
    expect(err.code).toBe('internal');
    expect(err.message).toContain(`a copying thread failed (${why})`);
    expect(existsSync(path.join(base, 'run'))).toBe(false);
    // A good pool afterwards copies as ever.
    await copyProject(project, path.join(base, 'again', 'input'), { pool: pool() });
    expect(treeChecksum(path.join(base, 'again', 'input'))).toBe(treeChecksum(root));
  });

  it('names the missing entry when a built app lacks the thread file', () => {
    const caller = `file://${path.join(tmp(), 'copy-pool.js')}`;
    expect(() => startWorker(caller, './copy-worker.ts', ['./intake-copy-worker.js'])).toThrow(/intake-copy-worker\.js\) is missing/);
  });
});
