import { spawnSync } from 'node:child_process';
import { mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../shared/contract';
import { type JobRecord } from '../../shared/jobs';
import { JobRecordSchema } from '../../shared/wire/jobs';
import { SettingsSchema } from '../../shared/settings';
import { appOriginPolicy, APP_ORIGIN } from '../../main/ipc/router';
import { QueueService, type ExecuteResult } from '../../main/queue';
import { devLayout } from '../../main/resources';
import { createServices, type Services } from '../../main/ipc/services';
import { RunStore, writeFileAtomic } from '../../main/store';
import { appCaller, openDropped, ROOT } from '../support/services';
import { BASH, customTool, makeProject, tempDir, type TempDir } from './support/harness';

/**
 * A write failure while saving history. First injected (the store's atomic write fails half-way, as on a full
 * disk), then for real: the data folder on a tiny tmpfs that fills up while a job runs. Either way: a clear notice
 * that reaches the window, the app keeps serving, and the history on disk is never corrupt (the previous run.json
 * still parses, no temporary file is left, a restart reads it back).
 */
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** A store whose saves fail, when told to, in the middle of writing the temporary file. */
class FailingStore extends RunStore {
  failing = false;
  override async save(record: JobRecord): Promise<void> {
    if (!this.failing) return super.save(record);
    await writeFileAtomic(path.join(this.runDir(record.jobId), 'run.json'), JSON.stringify(record), {
      open: async (p, flags, mode) => {
        const h = await open(p, flags, mode);
        return Object.assign(Object.create(h) as typeof h, {
          writeFile: async () => {
            await h.write('{"jobId":"half-writ');
            throw enospc();
          },
          close: () => h.close(),
        });
      },
    });
  }
}

describe('a failing history save (injected)', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await tempDir('store-fail');
  });
  afterAll(async () => tmp.remove());

  it('is reported as a notice, the queue keeps serving, and the record on disk stays whole', async () => {
    const dataDir = path.join(tmp.path, 'data');
    const store = new FailingStore({ dataDir });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const queue = new QueueService({
      store,
      execute: async (): Promise<ExecuteResult> => {
        await gate;
        return { status: 'completed', message: 'Done.' };
      },
      settings: () => ({ concurrency: 1, capacity: 10, perClientActive: 0, perClientHourly: 0 }),
    });
    await queue.start();
    const notices: Notice[] = [];
    queue.on('app:notice', (n) => notices.push(n));
    const spec = { clientId: 'w', toolId: 't', toolName: 'T', project: { name: 'p', source: '/p', kind: 'folder' as const }, priority: 'interactive' as const, timeoutSec: 60 };
    const view = await queue.submit(spec);
    const { jobId } = view.record;
    while (queue.status().running === 0) await new Promise((r) => setTimeout(r, 5));

    store.failing = true; // the disk fills while the job runs
    const finished = new Promise<JobRecord>((r) => queue.on('job:finished', r));
    release();
    expect((await finished).status).toBe('completed');
    await queue.onIdle();

    expect(notices).toContainEqual({ level: 'error', message: expect.stringMatching(new RegExp(`record of run ${jobId} could not be saved.*ENOSPC`)) });
    const onDisk = JobRecordSchema.parse(JSON.parse(await readFile(path.join(store.runDir(jobId), 'run.json'), 'utf8')));
    expect(onDisk.status).toBe('running'); // the last save that succeeded, whole
    expect((await readdir(store.runDir(jobId))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(queue.status()).toMatchObject({ waiting: 0, running: 0 });
    await queue.shutdown();

    // A restart reads the history back: the run whose end was not saved is marked interrupted, nothing is corrupt.
    const again = new QueueService({ store: new RunStore({ dataDir }), execute: async () => ({ status: 'completed' }), settings: () => ({ concurrency: 1, capacity: 10, perClientActive: 0, perClientHourly: 0 }) });
    const { notices: startNotices } = await again.start();
    expect(startNotices.some((n) => /damaged/.test(n.message))).toBe(false);
    expect(again.list().map((r) => [r.jobId, r.status])).toEqual([[jobId, 'interrupted']]);
    await again.shutdown();
  });
});

// ── the real thing: a full file system ───────────────────────────────────────────────────────────────────────

function tryMount(dir: string, size: string): string | null {
  if (process.platform !== 'linux') return 'tmpfs mounts are a Linux thing';
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? null : `mount -t tmpfs is not permitted here (${(r.stderr || r.error?.message || `exit ${String(r.status)}`).trim()})`;
}

/** Whether this machine lets us mount a tmpfs (root, or a container that allows it); null = yes, else why not. */
async function probeMount(): Promise<string | null> {
  const probe = await tempDir('mount-probe');
  const problem = tryMount(probe.path, '64k');
  if (problem === null) spawnSync('umount', [probe.path], { timeout: 10_000 });
  await probe.remove();
  if (problem) console.log(`[hostile] the full-disk case is skipped: ${problem}`);
  return problem;
}
const mountProblem = await probeMount();

describe.skipIf(mountProblem !== null)('a full file system under the data folder (tmpfs)', () => {
  let tmp: TempDir;
  let mnt: string;
  let mounted = false;
  let services: Services | null = null;

  beforeAll(async () => {
    tmp = await tempDir('full-disk');
    mnt = path.join(tmp.path, 'mnt');
    await mkdir(mnt);
    const problem = tryMount(mnt, '4m');
    if (problem) throw new Error(problem);
    mounted = true;
  });
  afterAll(async () => {
    await services?.shutdown();
    if (mounted) spawnSync('umount', ['-l', mnt], { timeout: 10_000 });
    await tmp?.remove();
  });

  const start = () =>
    createServices({
      dataDir: mnt,
      runtime: devLayout(ROOT),
      desktop: { pickProject: async () => null, pickSavePath: async () => null, reveal: () => undefined, confirmChanges: async () => false },
      trustSender: appOriginPolicy([APP_ORIGIN]),
      validateResponses: true,
      settings: SettingsSchema.parse({
        queue: { concurrency: 1, capacity: 10, perClientActive: 5, perClientHourly: 0 },
        customTools: [customTool('slow', BASH, ['-c', 'sleep 1.5; echo finished'], 20)],
      }),
    });

  /** Fills the file system to the last byte. */
  async function fill(): Promise<void> {
    const h = await open(path.join(mnt, 'filler'), 'w');
    try {
      const chunk = Buffer.alloc(64 * 1024, 1);
      for (;;) await h.write(chunk);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      await h.close();
    }
  }

  it('a save that fails for lack of space is told to the window; the history stays readable', { timeout: 40_000 }, async () => {
    services = await start();
    await services.engine.registry.ready();
    const events: { event: string; payload: unknown }[] = [];
    services.events.attach('window:1', (event, payload) => events.push({ event, payload }));
    const call = (channel: string, payload: unknown) => (services as Services).router.handle(channel, payload, appCaller('window:1'));

    const project = await makeProject(tmp.path);
    const opened = await openDropped((services as Services).router, project);
    if (!opened.ok) throw new Error(opened.error.message);
    const { projectId } = opened.value as { projectId: string };
    const submitted = await call('jobs:submit', { projectId, toolId: 'slow' });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const jobId = (submitted.value as { record: JobRecord }).record.jobId;
    while (!events.some((e) => e.event === 'job:started')) await new Promise((r) => setTimeout(r, 10));

    await fill();
    // Work asked for while the disk is full fails with words that say why, not "something went wrong".
    const refused = await call('jobs:submit', { projectId, toolId: 'slow' });
    console.log(`[hostile] submit on a full disk: ${JSON.stringify(refused.ok ? 'ok' : refused.error)}`);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/disk .*full/i);
    const reopened = await openDropped((services as Services).router, project);
    console.log(`[hostile] projects:open on a full disk: ${JSON.stringify(reopened.ok ? 'ok' : reopened.error)}`);
    expect(reopened.ok).toBe(true); // nothing of the project is written; only the recent list could not be saved

    while (!events.some((e) => e.event === 'job:finished')) await new Promise((r) => setTimeout(r, 20));
    await services.engine.queue.onIdle();
    const notices = events.filter((e) => e.event === 'app:notice').map((e) => e.payload as Notice);
    console.log(`[hostile] notices on a full disk: ${JSON.stringify(notices)}`);
    expect(notices).toContainEqual({ level: 'error', message: expect.stringMatching(new RegExp(`record of run ${jobId} could not be saved.*ENOSPC`)) });
    expect((await call('queue:status', {})).ok).toBe(true);
    const finished = await call('jobs:get', { jobId });
    expect(finished).toMatchObject({ ok: true, value: { record: { status: 'completed' } } });
    console.log(`[hostile] the run's own words on a full disk: ${JSON.stringify(finished.ok ? (finished.value as { record: JobRecord }).record.systemError : null)}`);

    const runDir = services.engine.runs.runDir(jobId);
    const onDisk = JobRecordSchema.parse(JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8')));
    expect(onDisk.status).toBe('running');
    expect((await readdir(runDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // Space again, and a restart: the history reads back whole.
    await rm(path.join(mnt, 'filler'));
    await services.shutdown();
    services = await start();
    expect(services.engine.notices.some((n) => /damaged/.test(n.message))).toBe(false);
    const after = services.engine.queue.list().find((r) => r.jobId === jobId);
    expect(after?.status).toBe('interrupted');
    await writeFile(path.join(mnt, 'still-writable'), 'yes'); // and the file system works again
  });
});
