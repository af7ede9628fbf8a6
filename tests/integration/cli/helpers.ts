import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, expect } from 'vitest';
import { EVENTS, type EventName } from '../../../shared/contract';
import { type JobRecord } from '../../../shared/jobs';
import { JobRecordSchema } from '../../../shared/wire/jobs';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const BIN = join(ROOT, 'bin', 'hapyy.mjs');
export const EXAMPLES = join(ROOT, 'resources', 'examples');
export const CLEAN = join(EXAMPLES, 'bash-verification', 'bash-clean-script');
export const BUGGY = join(EXAMPLES, 'bash-verification', 'bash-quoting-bugs');

/** Temporary folders under os.tmpdir(), removed when the test file ends. */
export function useTempDirs(): (prefix?: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix = 'hapyy-cli-') => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  /** Replace the environment instead of extending it (PATH restrictions). */
  bareEnv?: boolean;
  cwd?: string;
  timeoutMs?: number;
}

/** The real `hapyy` executable, as `node bin/hapyy.mjs …`; killed (and the test fails) if it outlives timeoutMs. */
export function spawnCli(args: string[], opts: CliOptions = {}): ResultPromise<{ reject: false }> {
  return execa(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? {},
    extendEnv: !opts.bareEnv,
    reject: false,
    stdin: 'ignore',
    timeout: opts.timeoutMs ?? 30_000,
    forceKillAfterDelay: 2000,
    stripFinalNewline: false,
  }) as ResultPromise<{ reject: false }>;
}

export async function cli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const r = await spawnCli(args, opts);
  if (r.timedOut) throw new Error(`hapyy ${args.join(' ')} did not end within its time limit.\n${String(r.stderr)}`);
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export interface CustomToolDef {
  id: string;
  command: string;
  args: string[];
  timeoutSec?: number;
}

/** A --config file: custom tools plus any other settings. */
export function writeConfig(dir: string, tools: CustomToolDef[], extra: Record<string, unknown> = {}): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  const customTools = tools.map((t) => ({
    id: t.id,
    name: `Test ${t.id}`,
    category: 'linter',
    sourceLanguage: 'bash',
    command: t.command,
    args: t.args,
    timeoutSec: t.timeoutSec ?? 60,
  }));
  writeFileSync(file, JSON.stringify({ ...extra, customTools }));
  return file;
}

/** A small project folder with one file whose content names it. */
export function makeProject(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.sh'), `#!/bin/sh\necho ${JSON.stringify(dir)}\n`);
  return dir;
}

export interface CliEvent {
  event: EventName;
  payload: unknown;
}

/** Every stdout line must be one JSON event of the four job events, with a payload valid under the contract. */
export function parseEvents(stdout: string): CliEvent[] {
  const lines = stdout.split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((line) => {
    const parsed = JSON.parse(line) as { event: EventName; payload: unknown };
    expect(Object.keys(parsed).sort()).toEqual(['event', 'payload']);
    expect(['job:queued', 'job:started', 'job:output', 'job:finished']).toContain(parsed.event);
    const check = EVENTS[parsed.event].safeParse(parsed.payload);
    expect(check.success, `${parsed.event}: ${check.success ? '' : check.error.message}`).toBe(true);
    return parsed;
  });
}

export const finishedRecords = (events: CliEvent[]): JobRecord[] =>
  events.filter((e) => e.event === 'job:finished').map((e) => JobRecordSchema.parse(e.payload));

/** The job records in a data folder's run folders. */
export function runRecords(dataDir: string): JobRecord[] {
  const runs = join(dataDir, 'runs');
  let names: string[];
  try {
    names = readdirSync(runs);
  } catch {
    return [];
  }
  return names.map((n) => JobRecordSchema.parse(JSON.parse(readFileSync(join(runs, n, 'run.json'), 'utf8'))));
}

export interface MarkedProcess {
  pid: number;
  argv: string[];
}

/**
 * Processes of any Hapyy run (their environment carries the runner's job marker) whose command line holds
 * `unique`: the process table as the kernel shows it, with no help from the code under test.
 */
export function markedProcesses(unique: string): MarkedProcess[] {
  const out: MarkedProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').slice(0, -1);
      if (!argv.some((a) => a.includes(unique))) continue;
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (environ.some((e) => e.startsWith('HAPYY_JOB_ID='))) out.push({ pid: Number(name), argv });
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

/** Polls `check` every 50 ms until it is true; fails after timeoutMs. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Kills anything left behind by a failed test, so one failure does not leave processes running. */
export function killMarked(unique: string): void {
  for (const p of markedProcesses(unique)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}


/** Maps with at most `n` calls in flight (the machine may have only two cores). */
export async function inBatches<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += n) out.push(...(await Promise.all(items.slice(i, i + n).map(fn))));
  return out;
}
