import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLEAN, BUGGY, finishedRecords, killMarked, makeProject, markedProcesses, parseEvents, runRecords, spawnCli, until, useTempDirs, writeConfig } from './helpers';

const tempDir = useTempDirs();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/**
 * A tool whose tree outlives a polite end unless it is really ended: a child, and a grandchild in a new session
 * (setsid), all idling for a minute, each with `unique` in its command line.
 */
function stubbornTool(unique: string): string[] {
  const idle = `${process.execPath} -e "setTimeout(() => {}, 60000)"`;
  return ['-c', `${idle} ${unique}-child & setsid ${idle} ${unique}-detached & echo ready; wait # ${unique}`, 'sh', '{input}'];
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('hapyy run, then %s', (signal, code) => {
  it(`exits ${code}, every job is cancelled (running and waiting), and no process of any run is left`, async () => {
    const unique = `hapyy-cli-${randomUUID()}`;
    cleanups.push(() => killMarked(unique));
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const config = writeConfig(dir, [{ id: 'stubborn', command: '/bin/sh', args: stubbornTool(unique), timeoutSec: 120 }], {
      queue: { concurrency: 2 },
    });
    // Three projects, two slots: two run, one waits.
    const child = spawnCli(['run', 'stubborn', CLEAN, BUGGY, makeProject(dir, 'third'), '--json', '--config', config, '--data-dir', dataDir]);
    cleanups.push(() => child.kill('SIGKILL'));
    let stdout = '';
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));

    await until(() => (stdout.match(/"event":"job:started"/g) ?? []).length === 2, 'two jobs to start');
    // And the third is in line: on a loaded machine its intake can still be under way when both trees are up.
    await until(() => (stdout.match(/"event":"job:queued"/g) ?? []).length === 3, 'the third job to be queued');
    // Both runs' trees are up, detached grandchildren included: the check below can see them.
    const last = (suffix: string) => markedProcesses(unique).filter((p) => p.argv.at(-1) === `${unique}-${suffix}`).length;
    await until(() => last('detached') === 2 && last('child') === 2, 'the tools to spawn');
    expect(markedProcesses(unique).length).toBeGreaterThanOrEqual(6);

    child.kill(signal);
    // The tools idle for a minute, past spawnCli's time limit: the CLI exiting at all is the stop.
    const r = await child;
    expect(r.exitCode, String(r.stderr)).toBe(code);
    expect(markedProcesses(unique)).toEqual([]);

    const events = parseEvents(String(r.stdout));
    const finished = finishedRecords(events);
    expect(finished).toHaveLength(3);
    expect(finished.every((rec) => rec.status === 'cancelled')).toBe(true);
    expect(finished.filter((rec) => rec.startedAt === null)).toHaveLength(1);
    expect(runRecords(dataDir).map((rec) => rec.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(String(r.stderr)).toMatch(signal === 'SIGINT' ? /interrupted; stopping every run/ : new RegExp(`\\(${signal}\\); stopping every run`));
  });
});
