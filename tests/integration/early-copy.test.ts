import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs';
import { SettingsSchema } from '../../shared/settings';
import { Jobs } from '../../main/jobs';
import { devLayout } from '../../main/resources';
import { createEngine, type Engine } from '../../main/services';
import { DATA_LAYOUT } from '../../main/store';
import { ROOT } from '../support/services';

/*
 * `hapyy run <path>` opens a project with copyNow: the project is copied while it is scanned, and its job takes that
 * copy as its input instead of copying again. Real engine, real files, a custom tool that prints its input.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const catTool = { id: 'cat-all', name: 'Cat', category: 'linter', sourceLanguage: 'bash', command: '/bin/sh', args: ['-c', 'cat {input}/a.sh {input}/lib/b.sh'] };

async function engine(): Promise<{ engine: Engine; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hapyy-early-'));
  const e = await createEngine({ dataDir, runtime: devLayout(ROOT), settings: SettingsSchema.parse({ customTools: [catTool], sandbox: false }) });
  cleanups.push(async () => {
    await e.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { engine: e, dataDir };
}

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hapyy-early-project-'));
  await mkdir(join(dir, 'lib'));
  await writeFile(join(dir, 'a.sh'), 'echo one\n');
  await writeFile(join(dir, 'lib', 'b.sh'), 'echo two\n');
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function run(e: Engine, projectId: string): Promise<{ record: JobRecord; output: string[] }> {
  const jobs = new Jobs(e);
  const client = { clientId: 'test', canSee: () => true };
  let jobId = '';
  const finished = new Promise<JobRecord>((resolve) => {
    e.queue.on('job:finished', (record) => {
      if (record.jobId === jobId) resolve(record);
    });
  });
  jobId = (await jobs.submit(client, { projectId, toolId: 'cat-all' })).record.jobId;
  const record = await finished;
  return { record, output: (await jobs.get(client, jobId)).output.map((l) => l.text) };
}

/** The copies made at open that no job has taken yet, in this engine's staging folder. */
async function earlyCopies(dataDir: string): Promise<string[]> {
  const staging = join(dataDir, DATA_LAYOUT.staging);
  const sessions = await readdir(staging).catch(() => [] as string[]);
  const all = await Promise.all(sessions.map(async (s) => (await readdir(join(staging, s)).catch(() => [] as string[])).filter((n) => n.startsWith('copy-'))));
  return all.flat();
}

describe('a project copied as it is opened (hapyy run <path>)', () => {
  it('its first job runs on that copy (the project as it was at open), and the copy leaves staging', async () => {
    const { engine: e, dataDir } = await engine();
    const path = await project();
    const summary = await e.projects.openPath(path, { copyNow: true });
    expect(await earlyCopies(dataDir)).toHaveLength(1);
    // Changed after the open: a job that copied anew would print the new text.
    await writeFile(join(path, 'a.sh'), 'echo changed\n');
    const first = await run(e, summary.projectId);
    expect(first.record.status, first.record.message).toBe('completed');
    expect(first.output).toEqual(['echo one', 'echo two']);
    expect(await earlyCopies(dataDir)).toEqual([]);
    const manifest = JSON.parse(await readFile(join(e.runs.runDir(first.record.jobId), 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['a.sh', 'lib/b.sh']);
    // The copy is taken once: the next job copies the project as it is now.
    const second = await run(e, summary.projectId);
    expect(second.output).toEqual(['echo changed', 'echo two']);
  });

  it('an open without copyNow (a window) copies at each run, and a copy no job took is removed at shutdown', async () => {
    const { engine: e, dataDir } = await engine();
    const path = await project();
    const plain = await e.projects.openPath(path);
    expect(await earlyCopies(dataDir)).toEqual([]);
    await writeFile(join(path, 'a.sh'), 'echo changed\n');
    expect((await run(e, plain.projectId)).output).toEqual(['echo changed', 'echo two']);
    await e.projects.openPath(await project(), { copyNow: true });
    expect(await earlyCopies(dataDir)).toHaveLength(1);
    await e.shutdown();
    expect(await earlyCopies(dataDir)).toEqual([]);
  });
});
