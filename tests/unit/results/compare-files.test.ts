import { afterEach, describe, expect, it } from 'vitest';
import { compareProduced } from '../../../main/results/compare';
import type { ProducedFile } from '../../../shared/jobs';
import { makeRun, put, type TempRun } from './helpers';
import { symlink } from 'node:fs/promises';
import path from 'node:path';

const made: TempRun[] = [];
afterEach(async () => {
  for (const r of made.splice(0)) await r.cleanup();
});
async function run(files: Record<string, string | Buffer>): Promise<{ dir: string; produced: ProducedFile[] }> {
  const r = await makeRun();
  made.push(r);
  await put(r.runDir, files);
  const produced = Object.entries(files).map(([p, c]) => ({ path: p, size: Buffer.byteLength(c), origin: 'output' as const }));
  return { dir: r.runDir, produced };
}

describe('comparing the files two runs produced', () => {
  it('added, removed, changed (a unified diff for text, sizes for binary), unchanged counted', async () => {
    const a = await run({
      'output/report.txt': 'one\ntwo\nthree\n',
      'output/same.txt': 'same\n',
      'output/old.txt': 'gone\n',
      'output/blob.bin': Buffer.from([0, 1, 2, 3]),
    });
    const b = await run({
      'output/report.txt': 'one\nTWO\nthree\n',
      'output/same.txt': 'same\n',
      'output/new.txt': 'fresh\n',
      'output/blob.bin': Buffer.from([0, 1, 2, 3, 4, 5]),
    });
    const { changes, unchanged } = await compareProduced(a.dir, a.produced, b.dir, b.produced);
    expect(unchanged).toBe(1);
    expect(changes.map((c) => [c.path, c.change, c.kind, c.sizeA, c.sizeB])).toEqual([
      ['output/blob.bin', 'changed', 'binary', 4, 6],
      ['output/new.txt', 'added', 'text', null, 6],
      ['output/old.txt', 'removed', 'text', 5, null],
      ['output/report.txt', 'changed', 'text', 14, 14],
    ]);
    const report = changes.find((c) => c.path === 'output/report.txt')!;
    expect(report.diff).toContain('--- a/output/report.txt');
    expect(report.diff).toContain('-two\n+TWO');
    expect(changes.find((c) => c.path === 'output/blob.bin')!.diff).toBeNull();
  });

  it('bounds: a file over the per-file limit and files past the total budget get a note, not a diff', async () => {
    const big = 'x\n'.repeat(2000);
    const a = await run({ 'output/1.txt': 'a\n', 'output/2.txt': 'a\n', 'output/big.txt': big });
    const b = await run({ 'output/1.txt': 'b\n', 'output/2.txt': 'b\n', 'output/big.txt': `${big}y\n` });
    const { changes } = await compareProduced(a.dir, a.produced, b.dir, b.produced, { maxDiffFileBytes: 1024, maxDiffTotalBytes: 10 });
    const byPath = Object.fromEntries(changes.map((c) => [c.path, c]));
    expect(byPath['output/1.txt']?.diff).toContain('+b');
    expect(byPath['output/2.txt']?.diff).toBeNull();
    expect(byPath['output/2.txt']?.diffNote).toMatch(/as many differences/);
    expect(byPath['output/big.txt']?.diffNote).toMatch(/Too large/);
  });

  it('never reads through a link: a produced file swapped for a link to a secret is not diffed', async () => {
    const a = await run({ 'output/r.txt': 'mine\n' });
    const b = await run({});
    const secret = path.join(made[1]!.outside, 'secret.txt');
    await symlink(secret, path.join(b.dir, 'output', 'r.txt'));
    const { changes } = await compareProduced(a.dir, a.produced, b.dir, [{ path: 'output/r.txt', size: 5, origin: 'output' }]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ change: 'changed', kind: 'binary', diff: null });
    expect(JSON.stringify(changes)).not.toContain('top secret');
  });
});
