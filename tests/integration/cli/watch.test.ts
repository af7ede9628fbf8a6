import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS } from '../../../shared/contract';
import { WatchEventSchema } from '../../../shared/watch';
import { runRecords, spawnCli, until, useTempDirs, writeConfig } from './helpers';

const tempDir = useTempDirs();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

interface Line {
  event: string;
  payload: unknown;
}

describe('hapyy watch', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('runs on start and after each change, prints NDJSON events, and on %s exits 130 (SIGINT) or 143 (SIGTERM) with nothing running', async (signal) => {
    const dir = tempDir();
    const project = join(dir, 'scripts');
    mkdirSync(project);
    writeFileSync(join(project, 'a.sh'), '#!/bin/bash\nx=$1\necho $x\n');
    const config = writeConfig(dir, [], { watch: { debounceMs: 200 }, queue: { perClientHourly: 0 } });
    const child = spawnCli(['watch', 'bash-verification', project, '--json', '--config', config, '--data-dir', join(dir, 'data')], { timeoutMs: 60_000 });
    cleanups.push(() => child.kill('SIGKILL'));
    let stdout = '';
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
    const lines = (): Line[] =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line);
    const finishedCount = () => lines().filter((l) => l.event === 'job:finished').length;

    await until(() => finishedCount() === 1, 'the first run', 30_000);
    writeFileSync(join(project, 'a.sh'), '#!/bin/bash\nx=$1\necho "$x"\n');
    await until(() => finishedCount() === 2, 'the run after the change', 30_000);
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(signal === 'SIGINT' ? 130 : 143);

    // Every line: a job event valid under the contract, or a watch event.
    for (const l of lines()) {
      if (l.event === 'watch') expect(WatchEventSchema.safeParse(l.payload).success).toBe(true);
      else expect(EVENTS[l.event as keyof typeof EVENTS].safeParse(l.payload).success, l.event).toBe(true);
    }
    const watchTypes = lines()
      .filter((l) => l.event === 'watch')
      .map((l) => (l.payload as { type: string }).type);
    expect(watchTypes).toEqual(['synced', 'run', 'synced', 'run', 'stopped']);
    const records = runRecords(join(dir, 'data'));
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.status !== 'running' && r.status !== 'queued')).toBe(true);
    expect(records.map((r) => r.diagnostics?.info).sort()).toEqual([0, 1]);
  });

  it('refuses a missing folder and wrong arguments', async () => {
    const dir = tempDir();
    const missing = await spawnCli(['watch', 'bash-verification', join(dir, 'nope'), '--data-dir', join(dir, 'data')]);
    expect(missing.exitCode).toBe(3);
    const usage = await spawnCli(['watch', 'bash-verification']);
    expect(usage.exitCode).toBe(2);
    expect(String(usage.stderr)).toMatch(/`watch` needs a tool id and one folder/);
  });
});
