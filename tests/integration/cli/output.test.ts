import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../../../shared/contract';
import { BUGGY, CLEAN, cli, makeProject, parseEvents, useTempDirs, writeConfig } from './helpers';

const tempDir = useTempDirs();

describe('hapyy run --json', () => {
  it('stdout is NDJSON events only, each valid under the contract, in order per job; human text is on stderr', async () => {
    const r = await cli(['run', 'bash-verification', CLEAN, BUGGY, '--json', '--data-dir', tempDir()]);
    expect(r.exitCode, r.stderr).toBe(1);
    const events = parseEvents(r.stdout);

    const byJob = new Map<string, string[]>();
    const lines = new Map<string, number[]>();
    for (const e of events) {
      const jobId =
        e.event === 'job:output'
          ? EVENTS['job:output'].parse(e.payload).jobId
          : e.event === 'job:finished'
            ? EVENTS['job:finished'].parse(e.payload).jobId
            : EVENTS['job:queued'].parse(e.payload).record.jobId;
      byJob.set(jobId, [...(byJob.get(jobId) ?? []), e.event]);
      if (e.event === 'job:output') lines.set(jobId, [...(lines.get(jobId) ?? []), ...EVENTS['job:output'].parse(e.payload).lines.map((l) => l.seq)]);
    }
    expect(byJob.size).toBe(2);
    for (const [jobId, seq] of byJob) {
      const collapsed = seq.filter((ev, i) => ev !== 'job:output' || seq[i - 1] !== 'job:output');
      expect(collapsed).toEqual(['job:queued', 'job:started', 'job:output', 'job:finished']);
      const seqs = lines.get(jobId) ?? [];
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const finished = events.find((e) => e.event === 'job:finished' && EVENTS['job:finished'].parse(e.payload).jobId === jobId);
      expect(EVENTS['job:finished'].parse(finished?.payload).outputLines).toBe(seqs.length);
    }
    expect(r.stderr).toMatch(/\[bash-clean-script\] queued: place 1 in line/);
    expect(r.stderr).toMatch(/PROJECT +STATUS +EXIT/);
  });
});

describe('hapyy run, human output', () => {
  it('the engine’s own output only with --raw: its stdout on stdout, its stderr on stderr; notes on stderr, the summary on stdout', async () => {
    const dir = tempDir();
    const config = writeConfig(dir, [{ id: 'talker', command: '/bin/sh', args: ['-c', 'echo to-out; echo to-err >&2', 'sh', '{input}'] }]);
    const plain = await cli(['run', 'talker', CLEAN, '--config', config, '--data-dir', join(dir, 'data')]);
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(plain.stdout + plain.stderr).not.toMatch(/to-out|to-err/);
    const r = await cli(['run', 'talker', CLEAN, '--raw', '--config', config, '--data-dir', join(dir, 'data')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^to-out$/m);
    expect(r.stdout).not.toContain('to-err');
    expect(r.stderr).toMatch(/^to-err$/m);
    expect(r.stdout).toMatch(/PROJECT +STATUS +EXIT +TIME +ENGINE +FINDINGS +RESULT\nbash-clean-script +completed +0 /);
    expect(r.stderr).toMatch(/^queued: place 1 in line/m);
    expect(r.stderr).toMatch(/^started: Test talker/m);
    expect(r.stdout).not.toMatch(/queued|started/);
  });

  it('with several projects each note is prefixed with its project’s name (made unique when names repeat); raw output is not', async () => {
    const dir = tempDir();
    const a = makeProject(join(dir, 'a'), 'same');
    const b = makeProject(join(dir, 'b'), 'same');
    const config = writeConfig(dir, [{ id: 'lister', command: '/bin/sh', args: ['-c', 'cat main.sh', 'sh', '{input}'] }]);
    const r = await cli(['run', 'lister', a, b, '--raw', '--config', config, '--data-dir', join(dir, 'data')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^echo ${JSON.stringify(a).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^echo ${JSON.stringify(b).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(r.stderr).toMatch(/^\[same\] the engine’s output:$/m);
    expect(r.stderr).toMatch(/^\[same-2\] the engine’s output:$/m);
    expect(r.stderr).toMatch(/^\[same\] queued: place 1 in line/m);
    expect(r.stderr).toMatch(/^\[same-2\] completed: /m);
    expect(r.stdout).toMatch(/\nsame +completed[^\n]*\nsame-2 +completed/);
  });
});
