import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../../shared/watch';
import { runProject } from '../../support/run-project';
import { startServices, type TestServices } from '../../support/services';

// A watch's runs have their own hourly budget (queue.perWatchHourly), not the window's (perClientHourly): real
// files, chokidar, ShellCheck. With the window allowed 1 submit an hour and the watch 3 runs, the watch runs three
// times, the fourth burst is refused by the watch's bound (naming it), and the window still has its own submit.
describe("a watch's run budget", () => {
  let svc: TestServices;
  let project: string;
  const events: WatchEvent[] = [];
  const CLIENT = 'window:budget';

  beforeAll(async () => {
    svc = await startServices({
      queue: { perClientHourly: 1, perWatchHourly: 3, concurrency: 0, capacity: 100, perClientActive: 5 },
      watch: { debounceMs: 100 },
    });
    project = await mkdtemp(join(tmpdir(), 'hapyy-watch-budget-'));
    await writeFile(join(project, 'a.sh'), '#!/bin/bash\necho $1 0\n');
  });
  afterAll(async () => {
    await svc.dispose();
    await rm(project, { recursive: true, force: true });
  });

  /** Waits (polling, with a deadline) until `count` events match; returns them. */
  async function until(match: (e: WatchEvent) => boolean, count: number, ms = 20_000): Promise<WatchEvent[]> {
    const end = Date.now() + ms;
    for (;;) {
      const hits = events.filter(match);
      if (hits.length >= count) return hits;
      if (Date.now() > end) throw new Error(`waited for ${count} events; got ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const isRun = (e: WatchEvent) => e.type === 'run';
  const isError = (e: WatchEvent) => e.type === 'error';

  it('runs past the window’s hourly limit, stops at the watch’s own, and leaves the window its submit', async () => {
    await svc.engine.watches.start({ clientId: CLIENT, path: project, toolId: 'bash-verification', onEvent: (e) => events.push(e) });
    await until(isRun, 1);
    // Each edit is its own settled burst (the next waits for the previous burst's sync).
    for (const n of [1, 2]) {
      await writeFile(join(project, 'a.sh'), `#!/bin/bash\necho $1 ${n}\n`);
      await until(isRun, n + 1);
    }
    expect(events.filter(isError)).toEqual([]);

    await writeFile(join(project, 'a.sh'), '#!/bin/bash\necho $1 3\n');
    const [refused] = await until(isError, 1);
    expect(refused).toMatchObject({ type: 'error', message: expect.stringMatching(/limit for a watch is 3\b/) });
    expect(events.filter(isRun)).toHaveLength(3);

    // The window's own budget was not spent by the watch: one submit goes through, the second is refused by it.
    const own = await runProject(svc.engine, project, 'bash-verification', CLIENT);
    expect(own.watchId).toBeUndefined();
    await expect(runProject(svc.engine, project, 'bash-verification', CLIENT)).rejects.toMatchObject({ code: 'limit', details: { limit: 'perClientHourly' } });
    await svc.engine.watches.stopAll();
  });
});
