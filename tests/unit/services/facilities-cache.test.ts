import { copyFile, appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRunner } from '../../../main/runner';
import { findOnPath } from '../../../main/registry/path-lookup';
import { facilitiesCache } from '../../../main/services/facilities-cache';
import { DATA_LAYOUT } from '../../../main/store';

const BWRAP = process.platform === 'linux' ? await findOnPath('bwrap', { pathEnv: process.env.PATH ?? '', platform: 'linux' }) : null;
// CI installs bubblewrap: there its absence is a failure, elsewhere the bwrap cases are skipped (and reported so).
if (!BWRAP && process.env.CI && process.platform === 'linux') throw new Error('bubblewrap is required in CI');

const byId = (list: { id: string; active: boolean; detail: string }[], id: string) => list.find((p) => p.id === id);

describe("the runner's machine probe kept in the data folder", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hapyy-facilities-cache-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it.skipIf(!BWRAP)('a later runner uses the kept probe while bwrap is unchanged, and probes again once bwrap changes', async () => {
    // A private copy of bwrap, so the test can change "the installed bwrap" the way an upgrade would.
    const bwrap = path.join(dir, 'bwrap');
    await copyFile(BWRAP as string, bwrap);
    const cache = facilitiesCache(dir);
    const first = await createRunner({ bwrapPath: bwrap, facilitiesCache: cache }).detectProtections();
    expect(byId(first, 'bubblewrap')?.active).toBe(true);
    await stat(path.join(dir, DATA_LAYOUT.sandboxProbe));

    // Mark the kept answer, so its use is visible: a later runner reports the marked cgroup detail.
    const kept = await cache.get();
    expect(kept?.bwrap?.path).toBe(bwrap);
    await cache.put({ ...(kept as NonNullable<typeof kept>), cgroups: { ...(kept as NonNullable<typeof kept>).cgroups, memory: null, memoryDetail: 'kept-answer-marker' } });
    const second = await createRunner({ bwrapPath: bwrap, facilitiesCache: facilitiesCache(dir) }).detectProtections();
    expect(byId(second, 'cgroup-memory')?.detail).toContain('kept-answer-marker');

    // A refresh asks the machine again, whatever is kept.
    const refreshed = await createRunner({ bwrapPath: bwrap, facilitiesCache: facilitiesCache(dir) }).detectProtections({ refresh: true });
    expect(byId(refreshed, 'cgroup-memory')?.detail).not.toContain('kept-answer-marker');

    await cache.put({ ...(kept as NonNullable<typeof kept>), cgroups: { ...(kept as NonNullable<typeof kept>).cgroups, memory: null, memoryDetail: 'kept-answer-marker' } });
    // "Upgrade" bwrap: new size, new mtime and ctime. The kept answer no longer applies.
    await appendFile(bwrap, Buffer.from([0]));
    const third = await createRunner({ bwrapPath: bwrap, facilitiesCache: facilitiesCache(dir) }).detectProtections();
    expect(byId(third, 'bubblewrap')?.active).toBe(true);
    expect(byId(third, 'cgroup-memory')?.detail).not.toContain('kept-answer-marker');
  });

  it('a machine without a sandbox is not remembered: nothing is kept, the next runner probes again', async () => {
    const cache = facilitiesCache(dir);
    const list = await createRunner({ bwrapPath: null, facilitiesCache: cache }).detectProtections();
    expect(byId(list, 'bubblewrap')?.active).toBe(false);
    expect(await cache.get()).toBeNull();
    await expect(stat(path.join(dir, DATA_LAYOUT.sandboxProbe))).rejects.toThrow();
  });
});
