import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs';
import { SettingsSchema, type Settings } from '../../shared/settings';
import { Jobs } from '../../main/jobs';
import { devLayout } from '../../main/resources';
import { createEngine, type Engine } from '../../main/services';
import { ROOT } from '../support/services';

/** The engine core as a value: nothing shared between two engines in one process, protections from the settings. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function engineWith(settings: Partial<Settings>): Promise<Engine> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hapyy-core-'));
  const engine = await createEngine({ dataDir, runtime: devLayout(ROOT), settings: SettingsSchema.parse(settings) });
  // Shutting down twice is harmless (a test may have done it already).
  cleanups.push(async () => {
    await engine.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  });
  await engine.registry.ready();
  return engine;
}

/** A tool that says it is ready, then works a while before it finishes on its own. */
const slowTool = {
  id: 'slow',
  name: 'Slow',
  category: 'linter',
  sourceLanguage: 'bash',
  command: '/bin/sh',
  args: ['-c', 'echo ready; sleep 2; echo done'],
};

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hapyy-core-project-'));
  await writeFile(join(dir, 'a.sh'), 'echo hi\n');
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Submits the slow tool and resolves once it has printed `ready` (the run is under way), with its end to come. */
async function startSlow(engine: Engine, path: string): Promise<{ jobId: string; finished: Promise<JobRecord> }> {
  const summary = await engine.projects.openPath(path);
  const jobs = new Jobs(engine);
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  let jobId = '';
  const finished = new Promise<JobRecord>((resolve) => {
    engine.queue.on('job:finished', (record) => {
      if (record.jobId === jobId) resolve(record);
    });
  });
  engine.queue.on('job:output', (batch) => {
    if (batch.jobId === jobId && batch.lines.some((l) => l.text === 'ready')) ready();
  });
  const view = await jobs.submit({ clientId: 'test', canSee: () => true }, { projectId: summary.projectId, toolId: 'slow' });
  jobId = view.record.jobId;
  await isReady;
  return { jobId, finished };
}

describe('two engines in one process', () => {
  it('shutting one down leaves the other’s run running to completion', async () => {
    const a = await engineWith({ customTools: [slowTool], sandbox: false });
    const b = await engineWith({ customTools: [slowTool], sandbox: false });
    const path = await project();
    const runA = await startSlow(a, path);
    const runB = await startSlow(b, path);

    await b.shutdown();
    expect((await runB.finished).status).toBe('cancelled');

    const recordA = await runA.finished;
    expect(recordA.status, recordA.message).toBe('completed');
    expect(recordA.message).not.toMatch(/closing/);
  });
});

describe('protections follow the settings', () => {
  it('with sandbox off, the engine, the run record and run.json say the sandbox and no-network are off', async () => {
    const engine = await engineWith({ customTools: [slowTool], sandbox: false });
    const byId = Object.fromEntries((await engine.protections()).map((p) => [p.id, p]));
    expect(byId.bubblewrap?.active).toBe(false);
    expect(byId['no-network']?.active).toBe(false);
    expect(byId.bubblewrap?.detail).toMatch(/Not in force/);

    const run = await startSlow(engine, await project());
    const record = await run.finished;
    expect(record.protections).not.toContain('bubblewrap');
    expect(record.protections).not.toContain('no-network');
    const saved = JSON.parse(await readFile(join(engine.runs.runDir(run.jobId), 'run.json'), 'utf8')) as JobRecord;
    expect(saved.protections).toEqual(record.protections);
  });

  it('turning the sandbox on and off applies to what the engine reports at once (nothing cached without the setting)', async () => {
    const engine = await engineWith({ sandbox: false });
    const active = async () => (await engine.protections()).find((p) => p.id === 'bubblewrap')?.active;
    expect(await active()).toBe(false);
    await engine.settings.set({ ...engine.settings.current(), sandbox: true });
    const bwrapWorks = (await engine.runner.detectProtections({ sandbox: true })).find((p) => p.id === 'bubblewrap')?.active;
    expect(await active()).toBe(bwrapWorks);
    await engine.settings.set({ ...engine.settings.current(), sandbox: false });
    expect(await active()).toBe(false);
  });
});
