import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { RunStore } from '../../../main/store';
import { record, useTempDirs } from './helpers';

const tempDir = useTempDirs();

describe('RunStore', () => {
  it('refuses job ids that could escape or misbehave as folder names', () => {
    const store = new RunStore({ dataDir: tempDir() });
    for (const bad of ['', '.', '..', '../x', 'a/b', 'a\\b', '.hidden', 'a.b', 'CON', 'nul', 'x'.repeat(129), 'a b', 'é']) {
      expect(() => store.runDir(bad), bad).toThrow(AppError);
    }
    expect(store.runDir('0abc-DEF_1')).toBe(join(store.runsDir, '0abc-DEF_1'));
  });

  it('creates, saves and loads records; an existing folder is not reused', async () => {
    const dataDir = tempDir();
    const store = new RunStore({ dataDir });
    const dir = await store.create('job1');
    expect(dir).toBe(join(dataDir, 'runs', 'job1'));
    await expect(store.create('job1')).rejects.toThrow(/already exists/);
    await store.save(record('job1'));
    await store.create('job2');
    await store.save(record('job2', { status: 'failed' }));
    await store.create('job3'); // no record yet: a submit still preparing
    const { records, notices } = await store.load();
    expect(records.map((r) => `${r.jobId}:${r.status}`).sort()).toEqual(['job1:completed', 'job2:failed']);
    expect(notices).toEqual([]);
  });

  it('refuses to save an invalid record', async () => {
    const store = new RunStore({ dataDir: tempDir() });
    await store.create('job1');
    await expect(store.save({ ...record('job1'), outputLines: -1 })).rejects.toThrow(/outputLines/);
  });

  it('a corrupt run.json is kept as a backup and reported; the others load', async () => {
    const dataDir = tempDir();
    const store = new RunStore({ dataDir, now: () => Date.UTC(2025, 0, 2, 3, 4, 5) });
    await store.create('good');
    await store.save(record('good'));
    await store.create('broken');
    writeFileSync(join(dataDir, 'runs', 'broken', 'run.json'), '{"jobId": "broken", "status": ');
    await store.create('invalid');
    writeFileSync(join(dataDir, 'runs', 'invalid', 'run.json'), JSON.stringify({ ...record('invalid'), status: 'exploded' }));
    await store.create('other');
    writeFileSync(join(dataDir, 'runs', 'other', 'run.json'), JSON.stringify(record('good')));

    const { records, notices } = await store.load();
    expect(records.map((r) => r.jobId)).toEqual(['good']);
    expect(notices).toHaveLength(3);
    const backup = join(dataDir, 'runs', 'broken', 'run.json.corrupt-2025-01-02T03-04-05-000Z');
    expect(readFileSync(backup, 'utf8')).toBe('{"jobId": "broken", "status": ');
    expect(existsSync(join(dataDir, 'runs', 'broken', 'run.json'))).toBe(false);
    const broken = notices.find((n) => n.message.includes('run broken'));
    expect(broken?.message).toContain(`The record of run broken was damaged; a backup was kept at ${backup}.`);
    expect(notices.find((n) => n.message.includes('run invalid'))?.message).toMatch(/status/);
    // A second start finds nothing new to complain about.
    expect((await store.load()).notices).toEqual([]);
  });

  it('load ignores links and stray files in runs/', async () => {
    const dataDir = tempDir();
    const outside = tempDir();
    const store = new RunStore({ dataDir });
    mkdirSync(join(outside, 'evil'));
    writeFileSync(join(outside, 'evil', 'run.json'), JSON.stringify(record('evil')));
    mkdirSync(join(dataDir, 'runs'));
    symlinkSync(join(outside, 'evil'), join(dataDir, 'runs', 'evil'));
    writeFileSync(join(dataDir, 'runs', 'stray.txt'), 'x');
    expect(await store.load()).toEqual({ records: [], notices: [] });
  });

  it('remove deletes one run folder and never follows links out', async () => {
    const dataDir = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, 'precious.txt'), 'keep me');
    const store = new RunStore({ dataDir });
    const dir = await store.create('job1');
    mkdirSync(join(dir, 'output'));
    symlinkSync(outside, join(dir, 'output', 'link-to-outside'));
    symlinkSync(join(outside, 'precious.txt'), join(dir, 'input-file'));
    await store.create('job2');
    // A link planted where a run folder would be.
    symlinkSync(outside, join(dataDir, 'runs', 'job3'));

    await store.remove('job1');
    await store.remove('job3');
    await store.remove('missing');
    expect(readdirSync(join(dataDir, 'runs'))).toEqual(['job2']);
    expect(readFileSync(join(outside, 'precious.txt'), 'utf8')).toBe('keep me');
    await expect(store.remove('../x')).rejects.toThrow(AppError);
  });

  it('refuses to work through a runs/ that is a link', async () => {
    const dataDir = tempDir();
    const outside = tempDir();
    mkdirSync(join(outside, 'job1'));
    writeFileSync(join(outside, 'job1', 'keep.txt'), 'x');
    symlinkSync(outside, join(dataDir, 'runs'));
    const store = new RunStore({ dataDir });
    await expect(store.remove('job1')).rejects.toThrow(/not a folder/);
    await expect(store.create('job2')).rejects.toThrow(/not a folder/);
    expect(existsSync(join(outside, 'job1', 'keep.txt'))).toBe(true);
  });
});

describe('RunStore.applyRetention', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const now = 100 * DAY;

  it('removes runs older than `days` or beyond the newest `runs`, never active ones or anything outside runs/', async () => {
    const dataDir = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, 'victim.txt'), 'must survive');
    writeFileSync(join(dataDir, 'settings.json'), '{}');
    const store = new RunStore({ dataDir, now: () => now });
    const recs = [
      record('new1', { finishedAt: now - 1 * DAY }),
      record('new2', { finishedAt: now - 2 * DAY }),
      record('new3', { finishedAt: now - 3 * DAY }),
      record('old1', { finishedAt: now - 8 * DAY }),
      record('running', { status: 'running', finishedAt: null, startedAt: now - 30 * DAY }),
      record('queuedOld', { status: 'queued', startedAt: null, finishedAt: null, queuedAt: now - 30 * DAY }),
      record('liveOld', { finishedAt: now - 30 * DAY }),
      record('interrupted', { status: 'interrupted', finishedAt: null, startedAt: now - 9 * DAY }),
    ];
    for (const r of recs) {
      await store.create(r.jobId);
      await store.save(r);
    }
    symlinkSync(outside, join(dataDir, 'runs', 'link'));
    symlinkSync(join(outside, 'victim.txt'), join(dataDir, 'runs', 'new1', 'victim-link'));
    const removed = await store.applyRetention(recs, { days: 7, runs: 2 }, (id) => id === 'liveOld');
    expect(removed.sort()).toEqual(['interrupted', 'new3', 'old1']);
    expect(readdirSync(join(dataDir, 'runs')).sort()).toEqual(['link', 'liveOld', 'new1', 'new2', 'queuedOld', 'running']);
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('must survive');
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(true);
  });

  it('0 turns a criterion off', async () => {
    const store = new RunStore({ dataDir: tempDir(), now: () => now });
    const recs = [record('a', { finishedAt: now - 50 * DAY }), record('b', { finishedAt: now - 1 * DAY })];
    for (const r of recs) {
      await store.create(r.jobId);
      await store.save(r);
    }
    expect(await store.applyRetention(recs, { days: 0, runs: 0 }, () => false)).toEqual([]);
    expect(await store.applyRetention(recs, { days: 0, runs: 1 }, () => false)).toEqual(['a']);
  });
});
