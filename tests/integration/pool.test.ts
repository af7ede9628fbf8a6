import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { Jobs, type Client } from '../../main/jobs';
import { PoolWorker } from '../../main/pool/worker';
import { POOL_PREFIX, poolKeys } from '../../main/queue/pool/keys';
import { devLayout } from '../../main/resources';
import { createEngine, type Engine } from '../../main/services/engine';
import { readDiagnostics } from '../../main/registry';
import { startRedis, type TestRedis } from '../support/redis';
import { BUGGY, finishedRecords, parseEvents, spawnCli } from './cli/helpers';

const execFileP = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = 'bash-verification';
/** One client submits all 20 at once: its per-client limits are off here. */
const APP_SETTINGS = { ...DEFAULT_SETTINGS, queue: { ...DEFAULT_SETTINGS.queue, perClientActive: 0, perClientHourly: 0 } };
const client: Client = { clientId: 'test', canSee: () => true };

let redis: TestRedis;
const workers: PoolWorker[] = [];
const dirs: string[] = [];
const engines: Engine[] = [];

async function engine(poolUrl: string | null): Promise<Engine> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hapyy-pool-app-'));
  dirs.push(dataDir);
  const e = await createEngine({ dataDir, runtime: devLayout(ROOT), settings: APP_SETTINGS, poolUrl });
  engines.push(e);
  return e;
}

/** Submits the example and resolves with its finished record (listening before submitting: no event is missed). */
async function run(e: Engine, exampleId: string): Promise<JobRecord> {
  const jobs = new Jobs(e);
  const project = await e.projects.openExample(exampleId);
  const done = new Map<string, JobRecord>();
  let want: string | null = null;
  let resolveEnd: (r: JobRecord) => void = () => undefined;
  const ended = new Promise<JobRecord>((r) => (resolveEnd = r));
  const off = e.queue.on('job:finished', (rec) => {
    if (rec.jobId === want) resolveEnd(rec);
    else done.set(rec.jobId, rec);
  });
  const view = await jobs.submit(client, { projectId: project.projectId, toolId: TOOL });
  want = view.record.jobId;
  const early = done.get(want);
  if (early) resolveEnd(early);
  const record = await ended;
  off();
  return record;
}

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i += 1) {
    const w = new PoolWorker({ url: redis.url, runtime: devLayout(ROOT), settings: DEFAULT_SETTINGS, concurrency: 2, tools: [TOOL], workerId: `w${i}` });
    await w.start();
    workers.push(w);
  }
});

afterAll(async () => {
  for (const e of engines) await e.shutdown();
  for (const w of workers) await w.stop();
  await redis?.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('shared pool (real Redis, real workers)', () => {
  it('runs 20 jobs on two workers with the same findings and log as local runs', async () => {
    const local = await engine(null);
    const pool = await engine(redis.url);
    expect(pool.notices.map((n) => n.message).join('\n')).toContain('shared pool');

    const reference = await run(local, 'bash-quoting-bugs');
    const refDiagnostics = await readDiagnostics(local.runs.runDir(reference.jobId));
    expect(reference.status).toBe('problems');
    expect(refDiagnostics.length).toBeGreaterThan(0);

    const records = await Promise.all(Array.from({ length: 20 }, (_, i) => run(pool, i % 2 === 0 ? 'bash-quoting-bugs' : 'bash-clean-script')));
    const usedWorkers = new Set<string>();
    for (const [i, record] of records.entries()) {
      const note = record.notes?.find((n) => n.startsWith('Ran on worker'));
      expect(note, JSON.stringify(record)).toBeDefined();
      usedWorkers.add(note as string);
      const runDir = pool.runs.runDir(record.jobId);
      if (i % 2 === 0) {
        expect(record.status).toBe('problems');
        expect(record.diagnostics).toEqual(reference.diagnostics);
        expect(await readDiagnostics(runDir)).toEqual(refDiagnostics);
        // The log came back and the stored record is the finished one.
        expect((await readFile(join(runDir, 'run.log'), 'utf8')).length).toBeGreaterThan(0);
      } else {
        expect(record.status).toBe('completed');
      }
      const saved = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as JobRecord;
      expect(saved.status).toBe(record.status);
    }
    expect(usedWorkers.size).toBe(2);
  });

  it('a worker refuses a hostile zip (path traversal), a zip over the limits and an unparseable spec, with a message', async () => {
    const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
    const name = poolKeys.queueName(TOOL);
    const queue = new Queue(name, { connection: conn, prefix: POOL_PREFIX });
    const listen = conn.duplicate();
    const events = new QueueEvents(name, { connection: listen, prefix: POOL_PREFIX });
    await events.waitUntilReady();
    try {
      // yazl refuses '..' names, so the hostile archive is made with Python's zipfile, as an attacker could.
      const zipPath = join(dirs[0] ?? tmpdir(), 'hostile.zip');
      await execFileP('python3', ['-c', "import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1],'w')\nz.writestr('ok.sh','echo ok\\n')\nz.writestr('../../escape.sh','x')\nz.close()", zipPath]);
      await conn.set(poolKeys.input('hostile-1'), await readFile(zipPath));
      const hostile = await queue.add('run', { jobId: 'hostile-1', toolId: TOOL, timeoutSec: 60 }, { jobId: 'hostile-1' });
      await expect(hostile.waitUntilFinished(events)).rejects.toThrow(/refused/);

      // Over intake's limits once extracted: 5 MB of zeros is a few KB zipped, a ratio far over the limit of 200.
      await execFileP('python3', ['-c', "import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\nz.writestr('big.sh',b'0'*5000000)\nz.close()", zipPath]);
      await conn.set(poolKeys.input('bomb-1'), await readFile(zipPath));
      const bomb = await queue.add('run', { jobId: 'bomb-1', toolId: TOOL, timeoutSec: 60 }, { jobId: 'bomb-1' });
      await expect(bomb.waitUntilFinished(events)).rejects.toThrow(/refused.*(ratio|compress|limit)/i);

      const bad = await queue.add('run', { jobId: 'bad/../1', toolId: TOOL, timeoutSec: 60, extra: true }, { jobId: 'bad-1' });
      await expect(bad.waitUntilFinished(events)).rejects.toThrow(/not valid/);
    } finally {
      await events.close();
      await queue.close();
      listen.disconnect();
      conn.disconnect();
    }
  });

  it('an unreachable pool: runs use this machine, and the notice says so', async () => {
    const e = await engine('redis://127.0.0.1:1');
    const text = e.notices.map((n) => n.message).join('\n');
    expect(text).toMatch(/The shared pool at redis:\/\/127\.0\.0\.1:1 cannot be reached .*runs use this machine instead/);
    const record = await run(e, 'bash-clean-script');
    expect(record.status).toBe('completed');
    expect(record.notes?.some((n) => n.startsWith('Ran on worker'))).toBe(false);
  });

  it('`hapyy run --pool` sends the CLI\'s jobs to the pool: same exit code and findings as a local run', async () => {
    const r = await spawnCli(['run', TOOL, BUGGY, '--json', '--pool', redis.url, '--data-dir', join(dirs[0] ?? tmpdir(), 'cli')], { timeoutMs: 60_000 });
    expect(r.exitCode, String(r.stderr)).toBe(1);
    const [record] = finishedRecords(parseEvents(String(r.stdout)));
    expect(record?.status).toBe('problems');
    expect(record?.notes?.some((n) => n.startsWith('Ran on worker'))).toBe(true);
    expect(String(r.stderr)).toContain('Runs go to the shared pool');
  });

  it('a settings password is never shown back in full', async () => {
    const { maskPoolUrl } = await import('../../main/queue/pool/connection');
    expect(maskPoolUrl('redis://:s3cret@host:6379')).toBe('redis://:****@host:6379');
  });
});
