import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutputLine } from '../../../shared/jobs';
import { formatLogRecord, LOG_FILE, parseLogRecord, readLogTail, readLogText } from '../../../main/runner/run-log';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hapyy-runlog-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = (seq: number, text: string, stream: OutputLine['stream'] = 'stdout'): OutputLine => ({ seq, stream, text, ts: 1_700_000_000_000 + seq });

describe('run.log records', () => {
  it('round-trip text with tabs, ANSI, replacement characters and emoji', () => {
    for (const text of ['', 'plain', 'a\tb\tc', '\x1b[31mred\x1b[0m', 'bad \uFFFD byte', '€😀', '\r inside']) {
      const l = line(7, text, 'stderr');
      expect(parseLogRecord(formatLogRecord(l).slice(0, -1))).toEqual(l);
    }
  });

  it('reject what is not a record', () => {
    for (const bad of ['', 'garbage', '1\t2\tstdout', 'x\t1\tstdout\tn\ttext', '1\t2\tnope\tn\ttext', '0\t2\tstdout\tn\tt', '1\t2\tstdout\tq\tt']) {
      expect(parseLogRecord(bad)).toBeNull();
    }
  });
});

describe('readLogTail', () => {
  it('returns the last lines of a big log, in order, reading across chunk boundaries', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => line(i + 1, `line ${i + 1} ${'é'.repeat(i % 50)}`, i % 3 ? 'stdout' : 'stderr'));
    await writeFile(path.join(dir, LOG_FILE), lines.map((l) => formatLogRecord(l)).join(''));
    expect(await readLogTail(dir, 5)).toEqual(lines.slice(-5));
    expect(await readLogTail(dir, 3000)).toEqual(lines.slice(-3000));
    expect(await readLogTail(dir, 50_000)).toEqual(lines);
  });

  it('skips a record cut short by a crash and returns [] without a log', async () => {
    await writeFile(path.join(dir, LOG_FILE), formatLogRecord(line(1, 'whole')) + '2\t17000');
    expect(await readLogTail(dir, 10)).toEqual([line(1, 'whole')]);
    expect(await readLogTail(path.join(dir, 'nothing-here'), 10)).toEqual([]);
  });
});

describe('readLogText', () => {
  it('gives back one stream exactly as written: cut pieces joined, CRLF kept, other streams left out', async () => {
    const log = [
      formatLogRecord(line(1, '{"a":', 'stdout'), 'cut'),
      formatLogRecord(line(2, 'noise', 'stderr'), 'lf'),
      formatLogRecord(line(3, '1}', 'stdout'), 'crlf'),
      formatLogRecord(line(4, 'Hapyy: note', 'system'), 'lf'),
      formatLogRecord(line(5, 'last', 'stdout'), 'eof'),
    ].join('');
    await writeFile(path.join(dir, LOG_FILE), log);
    expect(await readLogText(path.join(dir, LOG_FILE), 'stdout', 1_000_000)).toBe('{"a":1}\r\nlast');
    expect(await readLogText(path.join(dir, LOG_FILE), 'stderr', 1_000_000)).toBe('noise\n');
  });

  it('reads no more than maxBytes of the log and tolerates a missing log', async () => {
    const records = Array.from({ length: 1000 }, (_, i) => formatLogRecord(line(i + 1, `${i + 1}`))).join('');
    await writeFile(path.join(dir, LOG_FILE), records);
    const text = await readLogText(path.join(dir, LOG_FILE), 'stdout', 1000);
    const got = text.split('\n').filter(Boolean);
    expect(got.length).toBeGreaterThan(10);
    expect(got.length).toBeLessThan(100);
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => `${i + 1}`));
    expect(await readLogText(path.join(dir, 'missing.log'), 'stdout', 1000)).toBe('');
  });
});
