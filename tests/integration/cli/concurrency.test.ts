import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobRecordSchema, JobViewSchema } from '../../../shared/wire/jobs';
import { makeProject, parseEvents, spawnCli, until, useTempDirs, writeConfig, type CliEvent } from './helpers';

const tempDir = useTempDirs();

/**
 * A tool that notes when it started and ended, by its own clock, in a file of its own in a shared folder. It holds
 * its slot until the test opens the gate (creates the gate file), then 300 ms more: the test decides when runs
 * may end, so what overlaps does not depend on how fast this machine is. The notes are the tools' view,
 * independent of what the queue believes. (No sandbox: bubblewrap would give each tool a private /tmp.)
 */
function gatedTool(stampDir: string, gate: string) {
  const code = [
    "const fs = require('fs');",
    'const [dir, gate] = process.argv.slice(1);',
    'const start = Date.now();',
    'const poll = setInterval(() => {',
    '  if (!fs.existsSync(gate)) return;',
    '  clearInterval(poll);',
    "  setTimeout(() => fs.writeFileSync(dir + '/' + process.pid + '-' + start + '.json', JSON.stringify({ start, end: Date.now() })), 300);",
    '}, 20);',
  ].join('\n');
  return { id: 'gated', command: process.execPath, args: ['-e', code, stampDir, gate] };
}

function stamps(stampDir: string): { start: number; end: number }[] {
  return readdirSync(stampDir).map((f) => JSON.parse(readFileSync(join(stampDir, f), 'utf8')) as { start: number; end: number });
}

/** Most intervals open at one instant; an interval ending exactly when another starts does not overlap it. */
function maxOverlap(intervals: { start: number; end: number }[]): number {
  const points = intervals.flatMap((i) => [
    { t: i.start, d: 1 },
    { t: i.end, d: -1 },
  ]);
  points.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const p of points) max = Math.max(max, (open += p.d));
  return max;
}

/** Per client, the most jobs waiting or running at once, as the events tell it. */
function maxActive(events: CliEvent[]): number {
  let active = 0;
  let max = 0;
  for (const e of events) {
    if (e.event === 'job:queued') max = Math.max(max, (active += 1));
    if (e.event === 'job:finished') active -= 1;
  }
  return max;
}

/** Most jobs between job:started and job:finished at once, as the events tell it. */
function maxRunning(events: CliEvent[]): number {
  let running = 0;
  let max = 0;
  for (const e of events) {
    if (e.event === 'job:started') max = Math.max(max, (running += 1));
    if (e.event === 'job:finished' && JobRecordSchema.parse(e.payload).startedAt !== null) running -= 1;
  }
  return max;
}

async function runGated(dir: string, n: number, queue: Record<string, number>, openGateWhen: (out: { stdout: string; stderr: string }) => boolean) {
  const stampDir = join(dir, 'stamps');
  mkdirSync(stampDir);
  const gate = join(dir, 'gate');
  const projects = Array.from({ length: n }, (_, i) => makeProject(dir, `p${i + 1}`));
  const config = writeConfig(dir, [gatedTool(stampDir, gate)], { queue, sandbox: false });
  const child = spawnCli(['run', 'gated', ...projects, '--json', '--config', config, '--data-dir', join(dir, 'data')], { timeoutMs: 45_000 });
  const seen = { stdout: '', stderr: '' };
  child.stdout?.on('data', (b: Buffer) => (seen.stdout += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (seen.stderr += b.toString()));
  try {
    await until(() => openGateWhen(seen), 'the moment to open the gate');
  } catch (error) {
    child.kill('SIGINT');
    throw error;
  } finally {
    writeFileSync(gate, '');
  }
  const r = await child;
  return { r: { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) }, stamps: stamps(stampDir) };
}

const startedCount = (stdout: string) => (stdout.match(/"event":"job:started"/g) ?? []).length;

describe('hapyy run with several projects', () => {
  it('7 projects with queue.concurrency=2: two at a time, never more; the 6th and 7th wait for a slot (5 per client) instead of failing', async () => {
    const dir = tempDir();
    // The gate opens once two runs hold both slots and the 6th project is waiting for a place.
    const { r, stamps: notes } = await runGated(dir, 7, { concurrency: 2 }, (o) => startedCount(o.stdout) === 2 && /\[p6\] waiting for a slot/.test(o.stderr));
    expect(r.exitCode, r.stderr).toBe(0);

    const events = parseEvents(r.stdout);
    const finished = events.filter((e) => e.event === 'job:finished').map((e) => JobRecordSchema.parse(e.payload));
    expect(finished.map((f) => f.status)).toEqual(Array(7).fill('completed'));
    expect(finished.map((f) => f.project.name).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);

    expect(notes).toHaveLength(7);
    expect(maxOverlap(notes)).toBe(2);
    expect(maxRunning(events)).toBe(2);
    expect(maxActive(events)).toBe(5);
    // Each place in line is reported as the job is queued.
    const positions = events.filter((e) => e.event === 'job:queued').map((e) => JobViewSchema.parse(e.payload).position);
    expect(positions.every((p) => p !== null && p >= 1)).toBe(true);
    expect(r.stderr).toMatch(/\[p3\] queued: place \d+ in line/);
  });

  it('the default concurrency is one run per core', async () => {
    const cores = availableParallelism();
    const n = Math.min(cores + 1, 6);
    const expected = Math.min(cores, n);
    const dir = tempDir();
    let fullSince: number | null = null;
    // The per-client limit is off so that only the concurrency bounds the runs. Once `expected` runs hold their
    // slots, the gate stays shut for another second: time for a run beyond the limit to start, if one could.
    const { r, stamps: notes } = await runGated(dir, n, { perClientActive: 0 }, (o) => {
      if (startedCount(o.stdout) < expected) return false;
      fullSince ??= Date.now();
      return Date.now() - fullSince > 1000;
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(maxOverlap(notes)).toBe(expected);
    expect(maxRunning(parseEvents(r.stdout))).toBe(expected);
  });
  it('maxOverlap counts what it should', () => {
    expect(maxOverlap([])).toBe(0);
    expect(maxOverlap([{ start: 0, end: 10 }, { start: 10, end: 20 }])).toBe(1);
    expect(maxOverlap([{ start: 0, end: 10 }, { start: 5, end: 20 }, { start: 6, end: 7 }])).toBe(3);
  });
});
