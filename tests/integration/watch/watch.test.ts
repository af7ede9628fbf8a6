import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isActive, type JobRecord } from '../../../shared/jobs';
import type { WatchEvent } from '../../../shared/watch';
import { startServices, type TestServices } from '../../support/services';

// A watched temporary folder, the real engine, ShellCheck and chokidar: every change is a real file-system event.
const SKIP = new Set(['.git', 'node_modules']);

/** sha256 of every file below `dir` (intake's skipped folders left out), by relative path. */
async function checksums(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (SKIP.has(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out[relative(dir, p).split('\\').join('/')] = createHash('sha256').update(await readFile(p)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

describe('watching a folder', () => {
  let svc: TestServices;
  let root: string;
  let project: string;
  const events: WatchEvent[] = [];
  const finished = new Map<string, JobRecord>();

  beforeAll(async () => {
    svc = await startServices({
      queue: { perClientHourly: 0, concurrency: 0, capacity: 100, perClientActive: 5 },
      watch: { debounceMs: 300 },
      customTools: [{ id: 'sleeper', name: 'Sleeper', category: 'linter', sourceLanguage: 'bash', command: '/bin/sleep', args: ['30'], timeoutSec: 120 }],
    });
    svc.engine.queue.on('job:finished', (r) => finished.set(r.jobId, r));
    root = await mkdtemp(join(tmpdir(), 'hapyy-watch-'));
  });
  afterAll(async () => {
    await svc.dispose();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(async () => {
    await svc.engine.watches.stopAll();
    events.length = 0;
  });

  /** Waits (polling, with a deadline) until `count` events of `type` have arrived; returns them. */
  async function until<T extends WatchEvent['type']>(type: T, count: number, ms = 20_000): Promise<Extract<WatchEvent, { type: T }>[]> {
    const end = Date.now() + ms;
    for (;;) {
      const hits = events.filter((e): e is Extract<WatchEvent, { type: T }> => e.type === type);
      if (hits.length >= count) return hits;
      if (Date.now() > end) throw new Error(`waited for ${count} ${type} events; got ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async function ended(jobId: string, ms = 20_000): Promise<JobRecord> {
    const end = Date.now() + ms;
    while (!finished.has(jobId)) {
      if (Date.now() > end) throw new Error(`${jobId} did not finish`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return finished.get(jobId) as JobRecord;
  }
  const inputOf = (jobId: string) => join(svc.engine.runs.runDir(jobId), 'input');
  const mirrorInodes = async (watchId: string, files: string[]) =>
    Promise.all(files.map(async (f) => (await stat(join(svc.dataDir, 'watch', watchId, 'mirror', f))).ino));

  it('edit, add + delete, rename: one run per settled burst, the run’s copy equal to the folder, only changed files copied', async () => {
    project = join(root, 'scripts');
    await mkdir(join(project, 'sub'), { recursive: true });
    await mkdir(join(project, 'node_modules', 'dep'), { recursive: true });
    await mkdir(join(project, '.git'), { recursive: true });
    await writeFile(join(project, 'a.sh'), '#!/bin/bash\nx=$1\necho $x\n');
    await writeFile(join(project, 'b.sh'), '#!/bin/bash\necho b\n');
    await writeFile(join(project, 'sub', 'c.sh'), '#!/bin/bash\necho c\n');
    await writeFile(join(project, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;\n');
    await writeFile(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');

    const info = await svc.engine.watches.start({ clientId: 'test:watch', path: project, toolId: 'bash-verification', onEvent: (e) => events.push(e) });
    const [firstSync] = await until('synced', 1);
    expect(firstSync).toMatchObject({ copied: 3, removed: 0, files: 3 });
    const [run1] = await until('run', 1);
    const r1 = await ended(run1!.jobId);
    expect(r1.watchId).toBe(info.watchId);
    expect(r1.diagnostics?.info).toBe(1);
    expect(await checksums(inputOf(r1.jobId))).toEqual(await checksums(project));

    // 1. An edit, saved three times in a row: one burst, one sync of one file, one run.
    const untouched = await mirrorInodes(info.watchId, ['b.sh', 'sub/c.sh']);
    for (const n of [1, 2, 3]) await writeFile(join(project, 'a.sh'), `#!/bin/bash\nx=$1\necho "$x" ${n}\n`);
    const [, sync2] = await until('synced', 2);
    expect(sync2).toMatchObject({ copied: 1, removed: 0, files: 3 });
    const [, run2] = await until('run', 2);
    const r2 = await ended(run2!.jobId);
    expect(r2.diagnostics?.info).toBe(0);
    expect(await checksums(inputOf(r2.jobId))).toEqual(await checksums(project));
    expect(await mirrorInodes(info.watchId, ['b.sh', 'sub/c.sh'])).toEqual(untouched);

    // 2. A change in node_modules is not watched; the add + delete after it is one burst.
    await writeFile(join(project, 'node_modules', 'dep', 'index.js'), 'module.exports = 2;\n');
    await writeFile(join(project, 'd.sh'), '#!/bin/bash\ny=$1\necho $y\n');
    await rm(join(project, 'b.sh'));
    const [, , sync3] = await until('synced', 3);
    expect(sync3).toMatchObject({ copied: 1, removed: 1, files: 3 });
    const [, , run3] = await until('run', 3);
    const r3 = await ended(run3!.jobId);
    expect(await checksums(inputOf(r3.jobId))).toEqual(await checksums(project));

    // 3. A rename: the old name removed, the new one copied.
    await rename(join(project, 'sub', 'c.sh'), join(project, 'sub', 'e.sh'));
    const [, , , sync4] = await until('synced', 4);
    expect(sync4).toMatchObject({ copied: 1, removed: 1, files: 3 });
    const [, , , run4] = await until('run', 4);
    const r4 = await ended(run4!.jobId);
    expect(Object.keys(await checksums(inputOf(r4.jobId))).sort()).toEqual(['a.sh', 'd.sh', 'sub/e.sh']);
    expect(await checksums(inputOf(r4.jobId))).toEqual(await checksums(project));

    // Exactly one sync and one run per burst, none for the node_modules change, nothing stale (ShellCheck is quick).
    expect(events.map((e) => e.type)).toEqual(['synced', 'run', 'synced', 'run', 'synced', 'run', 'synced', 'run']);
    expect(svc.engine.queue.list().filter((r) => r.watchId === info.watchId)).toHaveLength(4);
  });

  it('a run still going when the next burst settles is cancelled; stopping the watch ends its run and removes its copy', async () => {
    const dir = join(root, 'slow');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'a.sh'), 'echo 1\n');
    const info = await svc.engine.watches.start({ clientId: 'test:watch', path: dir, toolId: 'sleeper', onEvent: (e) => events.push(e) });
    const [run1] = await until('run', 1);
    await writeFile(join(dir, 'a.sh'), 'echo 2\n');
    const [stale] = await until('stale-cancelled', 1);
    expect(stale?.jobId).toBe(run1!.jobId);
    expect((await ended(run1!.jobId)).status).toBe('cancelled');
    const [, run2] = await until('run', 2);
    expect(svc.engine.queue.list().find((r) => r.jobId === run2!.jobId)?.status).toMatch(/queued|running/);

    await svc.engine.watches.stop(info.watchId, 'test:watch');
    expect((await ended(run2!.jobId)).status).toBe('cancelled');
    expect(svc.engine.queue.list().filter((r) => isActive(r.status))).toEqual([]);
    expect(events.at(-1)?.type).toBe('stopped');
    await expect(stat(join(svc.dataDir, 'watch', info.watchId))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(svc.engine.watches.list('test:watch')).toEqual([]);
  });

  it('refuses a file, an unknown tool, and another client’s stop', async () => {
    await writeFile(join(root, 'single.sh'), 'echo\n');
    await expect(svc.engine.watches.start({ clientId: 'c', path: join(root, 'single.sh'), toolId: 'bash-verification', onEvent: () => undefined })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(svc.engine.watches.start({ clientId: 'c', path: root, toolId: 'nope', onEvent: () => undefined })).rejects.toMatchObject({ code: 'not-found' });
    const info = await svc.engine.watches.start({ clientId: 'c', path: join(root, 'slow'), toolId: 'bash-verification', onEvent: () => undefined });
    await expect(svc.engine.watches.stop(info.watchId, 'someone-else')).rejects.toMatchObject({ code: 'forbidden' });
    await svc.engine.watches.stop(info.watchId, 'c');
  });
});
