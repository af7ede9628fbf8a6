import { mkdir, mkdtemp, open, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FolderWalker } from '../../../main/runner/folder-walker';
import { folderBytes, WriteWatch, type FolderBytes } from '../../../main/runner/write-watch';

const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

async function tempRoot(): Promise<string> {
  const r = await mkdtemp(path.join(tmpdir(), 'hapyy-write-watch-'));
  roots.push(r);
  return r;
}

/**
 * Writable folders like a run's: many sibling folders (more than are read at once), nesting three deep, a sparse
 * file, and links that must not be followed (one to a big file outside, one to a folder outside). Returns the bytes
 * the files inside hold and how many entries there are.
 */
async function runLikeFolders(root: string): Promise<{ dirs: string[]; bytes: number; entries: number }> {
  const outside = path.join(root, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'big'), Buffer.alloc(1_000_000));
  const dirs = ['input', 'output', 'home', 'tmp'].map((d) => path.join(root, 'run', d));
  let bytes = 0;
  let entries = 0;
  for (const [k, d] of dirs.entries()) {
    await mkdir(d, { recursive: true });
    for (let i = 0; i < 12; i += 1) {
      const sub = path.join(d, `pkg-${i}`, 'src', 'deep');
      await mkdir(sub, { recursive: true });
      entries += 3;
      const size = 100 * (k + 1) + i;
      await writeFile(path.join(sub, `f${i}.txt`), Buffer.alloc(size, 'x'));
      await writeFile(path.join(d, `pkg-${i}`, 'top.txt'), Buffer.alloc(i, 'y'));
      bytes += size + i;
      entries += 2;
    }
  }
  // A sparse file counts as big as it says.
  const sparse = await open(path.join(dirs[1] as string, 'sparse.bin'), 'w');
  await sparse.truncate(5_000_000);
  await sparse.close();
  bytes += 5_000_000;
  await symlink(path.join(outside, 'big'), path.join(dirs[2] as string, 'link-to-big'));
  await symlink(outside, path.join(dirs[3] as string, 'link-to-folder'));
  entries += 3;
  return { dirs, bytes, entries };
}

/** This process's open descriptors that point inside `root` (Linux): a folder left open by the walk shows here. */
async function openInside(root: string): Promise<string[]> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((t) => t.startsWith(root));
}

// The same walk two ways: on this thread (folderBytes), and in the runner's worker thread (FolderWalker), which must
// give the same answers. The worker's walk is real: it is started and waited for, so no walk falls back to this thread.
const walker = new FolderWalker();
afterAll(() => walker.close());
const walks: [string, () => Promise<FolderBytes>][] = [
  ['on this thread', async () => folderBytes],
  [
    'in the worker thread',
    async () => {
      expect(await walker.whenReady()).toBe(true);
      // Every answer must be the worker's: a broken worker walk would otherwise pass on the fallback's answers.
      return async (dirs, maxEntries) => {
        const before = { ...walker.counts };
        const r = await walker.bytes(dirs, maxEntries);
        expect(walker.counts).toEqual({ inWorker: before.inWorker + 1, here: before.here });
        return r;
      };
    },
  ],
];

describe.each(walks)('folderBytes %s: what a run added to its writable folders', (_name, walkOf) => {
  it('adds every file under many folders at any depth, follows no link, and leaves no folder open', async () => {
    const walk = await walkOf();
    const root = await tempRoot();
    const { dirs, bytes, entries } = await runLikeFolders(root);
    expect(await walk(dirs)).toEqual({ bytes, complete: true });
    // A folder that is not there (gone meanwhile) adds nothing and is no error.
    expect(await walk([...dirs, path.join(dirs[0] as string, 'missing')])).toEqual({ bytes, complete: true });
    // Bounded: past maxEntries it stops and says so, with no more than it had counted.
    const cut = await walk(dirs, Math.floor(entries / 2));
    expect(cut.complete).toBe(false);
    expect(cut.bytes).toBeLessThan(bytes);
    expect(await walk(dirs, entries)).toEqual({ bytes, complete: true });
    expect((await walk(dirs, entries - 1)).complete).toBe(false);
    if (process.platform === 'linux') expect(await openInside(root)).toEqual([]);
  });

  it('WriteWatch counts what was added since it started, never less than nothing', async () => {
    const walk = await walkOf();
    const { dirs } = await runLikeFolders(await tempRoot());
    const watch = new WriteWatch(dirs, 10_000, walk);
    await watch.start();
    expect(await watch.written()).toBe(0);
    await writeFile(path.join(dirs[1] as string, 'pkg-3', 'src', 'new.out'), Buffer.alloc(6_000));
    expect(await watch.written()).toBe(6_000);
    expect(await watch.over()).toBe(false);
    await writeFile(path.join(dirs[3] as string, 'pkg-11', 'more.out'), Buffer.alloc(5_000));
    expect(await watch.over()).toBe(true);
    await rm(dirs[0] as string, { recursive: true });
    await rm(dirs[1] as string, { recursive: true });
    expect(await watch.written()).toBe(0);
    expect(watch.cut).toBe(false);
  });

  it('WriteWatch says when a walk stopped at its bound (the run then tells the user the count was partial)', async () => {
    const walk = await walkOf();
    const { dirs, entries } = await runLikeFolders(await tempRoot());
    const whole = new WriteWatch(dirs, 10_000, (d) => walk(d, entries));
    await whole.start();
    await whole.written();
    expect(whole.cut).toBe(false);
    const bounded = new WriteWatch(dirs, 10_000, (d) => walk(d, entries - 1));
    await bounded.start();
    expect(bounded.cut).toBe(true);
  });
});

describe('FolderWalker', () => {
  it('starts its worker at the third walk: one short run (a walk before its tool, one after) does without it', async () => {
    // No walk counts as slow here, whatever the machine's load (the next test has the other rule).
    const own = new FolderWalker({ slowWalkMs: Number.POSITIVE_INFINITY });
    const { dirs, bytes } = await runLikeFolders(await tempRoot());
    for (let i = 0; i < 2; i += 1) expect(await own.bytes(dirs)).toEqual({ bytes, complete: true });
    expect(own.started).toBe(false);
    expect(await own.bytes(dirs)).toEqual({ bytes, complete: true });
    expect(own.started).toBe(true);
    expect(await own.whenReady()).toBe(true);
    expect(await own.bytes(dirs)).toEqual({ bytes, complete: true });
    expect(own.counts).toEqual({ inWorker: 1, here: 3 });
    await own.close();
  });

  it('a slow walk on this thread starts the worker at once (a big tree pays for it at the next walk)', async () => {
    const own = new FolderWalker({ slowWalkMs: 0 });
    const { dirs, bytes } = await runLikeFolders(await tempRoot());
    expect(await own.bytes(dirs)).toEqual({ bytes, complete: true });
    expect(own.started).toBe(true);
    await own.close();
  });

  it.each([
    ['unused', { inWorker: 0, here: 1 }],
    ['used', { inWorker: 1, here: 1 }],
  ] as const)('does not keep a process alive: one whose worker was %s ends by itself', async (mode, counts) => {
    const root = await tempRoot();
    const fixture = path.join(import.meta.dirname, 'fixtures', 'walker-exit.ts');
    // The time limit only turns a hang into a failure (a process kept alive by the worker never ends).
    const r = await execa(process.execPath, ['--import', 'tsx', fixture, root, mode], { reject: false, timeout: 30_000 });
    expect(r.timedOut, 'the process was still running').toBe(false);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(counts);
  });

  it('a walk waiting on a worker that goes away is answered on this thread, and the next walk starts a new worker', async () => {
    const own = new FolderWalker();
    const { dirs, bytes } = await runLikeFolders(await tempRoot());
    expect(await own.whenReady()).toBe(true);
    const waiting = own.bytes(dirs);
    await own.close();
    expect(await waiting).toEqual({ bytes, complete: true });
    expect(own.counts).toEqual({ inWorker: 0, here: 1 });
    // The next walk runs here; once a worker is up again, walks go to it.
    expect(await own.bytes(dirs)).toEqual({ bytes, complete: true });
    expect(await own.whenReady()).toBe(true);
    expect(await own.bytes(dirs)).toEqual({ bytes, complete: true });
    expect(own.counts).toEqual({ inWorker: 1, here: 2 });
    await own.close();
  });
});
