import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { JOB_STATUSES } from '../../../shared/jobs';
import { parseCli } from '../../../main/cli/args';
import { EXIT, exitCodeForError, exitCodeForStatus, worst } from '../../../main/cli/exit-codes';
import { safeFolderName } from '../../../main/cli/out-dir';
import { describePlace } from '../../../main/cli/report';
import { displayNames } from '../../../main/cli/run';

// The CLI's pure parts; everything else is tested through the real executable.
describe('exit codes', () => {
  it('the highest applicable code wins in the order 143 > 130 > 2 > 4 > 6 > 3 > 5 > 1 > 0', () => {
    const order = [143, 130, 2, 4, 6, 3, 5, 1, 0] as const;
    for (let i = 0; i < order.length; i += 1) {
      for (let j = i; j < order.length; j += 1) expect(worst([order[j] as 0, order[i] as 0])).toBe(order[i]);
    }
    expect(worst([])).toBe(EXIT.ok);
  });

  it('maps every job status and error code', () => {
    const byStatus = Object.fromEntries(JOB_STATUSES.map((s) => [s, exitCodeForStatus(s)]));
    expect(byStatus).toMatchObject({ completed: 0, problems: 1, failed: 6, timeout: 5, 'output-limit': 5, 'memory-limit': 5, 'process-limit': 5, cancelled: 130, error: 4 });
    expect(exitCodeForError(new AppError('rejected'))).toBe(3);
    expect(exitCodeForError(new AppError('not-found'))).toBe(3);
    expect(exitCodeForError(new AppError('limit'))).toBe(5);
    expect(exitCodeForError(new AppError('cancelled'))).toBe(130);
    expect(exitCodeForError(new Error('EACCES'))).toBe(3);
  });
});

describe('parseCli', () => {
  it('reads a full run command', () => {
    expect(parseCli(['run', 't', 'a', 'b', '--json', '--out', 'o', '--timeout', '30', '--config', 'c.json', '--data-dir', 'd'])).toEqual({
      kind: 'command',
      args: { command: 'run', positionals: ['t', 'a', 'b'], json: true, out: 'o', timeoutSec: 30, config: 'c.json', dataDir: 'd' },
    });
    expect(parseCli(['run', 't', '--', '--odd-name'])).toMatchObject({ kind: 'command', args: { positionals: ['t', '--odd-name'] } });
  });

  it.each([
    [['run', 't', 'a', '--timeout', '-5']],
    [['run', 't', 'a', '--timeout', '1e3']],
    [['run', 't', 'a', '--timeout', '86401']],
    [['run', 't', 'a', '--out', '']],
    [['history', 'x']],
    [['history', '--out', 'x']],
    [['examples', 'a', 'b']],
  ])('refuses %j', (argv) => {
    expect(parseCli(argv).kind).toBe('usage');
  });
});

describe('names', () => {
  it('display names are the last path component, made unique', () => {
    expect(displayNames(['/x/src', '/y/src/', 'lib', '/z/src'])).toEqual(['src', 'src-2', 'lib', 'src-3']);
  });

  it('folder names are safe', () => {
    expect(safeFolderName('..')).toBe('project');
    expect(safeFolderName('a/b c')).toBe('a_b_c');
    expect(safeFolderName('x'.repeat(200))).toHaveLength(80);
  });

  it('a place in line reads naturally', () => {
    const view = (position: number | null, waitMs: [number, number] | null) =>
      ({ position, estimate: waitMs ? { waitMs, finishMs: waitMs } : null }) as Parameters<typeof describePlace>[0];
    expect(describePlace(view(1, [0, 0]))).toBe('queued: place 1 in line, starting now');
    expect(describePlace(view(3, [20_000, 45_000]))).toBe('queued: place 3 in line, starts in about 20 s (at most 45 s)');
    expect(describePlace(view(2, null))).toBe('queued: place 2 in line (no estimate yet)');
  });
});
