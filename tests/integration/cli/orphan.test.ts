import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, CLEAN, ROOT, killMarked, markedProcesses, runRecords, until, useTempDirs, writeConfig } from './helpers';

/**
 * Never orphaned: a CI runner stops a job with SIGTERM to the command it started, which is often `npx hapyy …` or
 * a shell around it. npx does not forward the signal (it exits at once) and a killed shell leaves its child behind;
 * either way the CLI is re-parented, notices, cancels every run and ends every process tree.
 */
const tempDir = useTempDirs();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Live `hapyy` processes (by the unique data folder on their command line), as the kernel lists them. */
function cliProcesses(unique: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a.endsWith('hapyy') || a.endsWith('hapyy.mjs')) && argv.some((a) => a.includes(unique))) pids.push(Number(name));
    } catch {
      // gone between readdir and read
    }
  }
  return pids;
}

describe.each([
  ['npx hapyy', (args: string[]) => ['npx', ['--no-install', 'hapyy', ...args]] as const],
  ['a shell running node bin/hapyy.mjs', (args: string[]) => ['/bin/sh', ['-c', `"${process.execPath}" "${BIN}" "$@"; echo after`, 'sh', ...args]] as const],
])('SIGTERM to %s (the CLI is re-parented)', (_name, command) => {
  it('cancels the run, ends its process tree, writes a final record, and the CLI exits', async () => {
    const unique = `hapyy-orphan-${randomUUID()}`;
    cleanups.push(() => killMarked(unique));
    const dir = tempDir();
    const dataDir = join(dir, `data-${unique}`);
    // A child that idles far past the test's time limit, with the marker as its last argument.
    const idle = `${process.execPath} -e "setTimeout(() => {}, 1e6)"`;
    const config = writeConfig(dir, [{ id: 'idle', command: '/bin/sh', args: ['-c', `echo ready; ${idle} ${unique}`, 'sh', '{input}'], timeoutSec: 3000 }]);
    const [file, args] = command(['run', 'idle', CLEAN, '--json', '--config', config, '--data-dir', dataDir]);
    // Its own process group, so a failed test can end everything it started, and only the outer process gets the signal.
    const outer = execa(file, args, { cwd: ROOT, reject: false, stdin: 'ignore', detached: true, env: { npm_config_update_notifier: 'false' } });
    cleanups.push(() => {
      try {
        if (outer.pid) process.kill(-outer.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    });
    let stdout = '';
    outer.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));

    await until(() => markedProcesses(unique).some((p) => p.argv.at(-1) === unique && p.argv[0] === process.execPath), 'the tool to start', 60_000);
    expect(stdout).toContain('"event":"job:started"');
    const [cli] = cliProcesses(unique);
    expect(cli, 'the hapyy process').toBeDefined();
    expect(cli).not.toBe(outer.pid);

    outer.kill('SIGTERM');
    await outer;
    // The outer process is gone; the CLI notices its new parent, stops the run, and exits on its own.
    await until(() => markedProcesses(unique).length === 0 && cliProcesses(unique).length === 0, 'the run and the CLI to end', 20_000);
    const records = runRecords(dataDir);
    expect(records.map((r) => r.status)).toEqual(['cancelled']);
    expect(records[0]?.finishedAt).toEqual(expect.any(Number));
  }, 90_000);
});
