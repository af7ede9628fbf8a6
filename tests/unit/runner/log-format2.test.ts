import { mkdtemp, readFile, rm, stat, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutputLine } from '../../../shared/jobs';
import { OutputCapture } from '../../../main/runner/output-capture';
import { LOG_FILE, readLogOutput, readLogPieces, readLogTail, readLogText } from '../../../main/runner/run-log';
import { MAX_LINE_CHARS } from '../../../main/runner/line-splitter';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hapyy-log2-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** mulberry32: the same chunk boundaries on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Feeds both streams through a real capture in random-sized chunks, interleaved; returns what listeners saw. */
async function capture(streams: { stdout: Buffer; stderr: Buffer }, o: { linesKept?: number; logBytes?: number; seed?: number; notes?: boolean } = {}) {
  const seen: OutputLine[] = [];
  let clock = 5_000;
  let limits = 0;
  const cap = await OutputCapture.open({
    logPath: path.join(dir, LOG_FILE),
    linesKept: o.linesKept ?? 1_000_000,
    logBytes: o.logBytes ?? 1e12,
    now: () => (clock += 1),
    // Not push(...lines): a delivery may hold more lines than a call takes arguments.
    onOutput: (lines) => {
      for (const l of lines) seen.push(l);
    },
    onLimit: () => (limits += 1),
  });
  const rand = rng(o.seed ?? 1);
  const at = { stdout: 0, stderr: 0 };
  const names = ['stdout', 'stderr'] as const;
  while (at.stdout < streams.stdout.length || at.stderr < streams.stderr.length) {
    const s = names[rand() < 0.5 ? 0 : 1];
    const left = streams[s].length - at[s];
    if (left === 0) continue;
    const n = Math.min(left, 1 + Math.floor(rand() * 3000));
    cap.write(s, streams[s].subarray(at[s], at[s] + n));
    at[s] += n;
    if (rand() < 0.01 && o.notes !== false) cap.system(`Hapyy: a note after ${at[s]} bytes`);
  }
  cap.endStream('stderr');
  cap.endStream('stdout');
  cap.noteCut();
  const tail = cap.tail();
  await cap.close();
  return { seen, tail, cap, limits };
}

const text = (rand: () => number, lines: number, prefix: string): string =>
  Array.from({ length: lines }, (_, i) => {
    const r = rand();
    const body = r < 0.01 ? 'L'.repeat(MAX_LINE_CHARS + Math.floor(rand() * 100_000)) : `${prefix}${i} ${'é€😀x'.slice(0, Math.floor(rand() * 5))}`;
    return body + (r > 0.9 ? '\r\n' : '\n');
  }).join('');

describe('run.log format 2 (raw chunks with an index)', () => {
  it('gives back exactly the lines the run numbered, from the end or the start, and the exact bytes per stream', async () => {
    const rand = rng(7);
    const stdout = Buffer.from(`${text(rand, 3000, 'out')}last line without newline €`);
    const stderr = Buffer.concat([Buffer.from(text(rand, 1000, 'err')), Buffer.from([0xff, 0x41, 0xe2, 0x82])]);
    const { seen, tail, cap } = await capture({ stdout, stderr });
    // Replay: the whole log, and any tail of it, are the lines the run numbered, with the same numbers and times.
    const all = await readLogTail(dir, 1_000_000, 1e12);
    expect(all.map((l) => l.seq)).toEqual(Array.from({ length: cap.lines }, (_, i) => i + 1));
    expect(tail).toEqual(all);
    for (const l of seen) expect(all[l.seq - 1]).toEqual(l);
    expect(all.filter((l) => l.stream === 'stdout').at(-1)?.text).toBe('last line without newline €');
    expect(Math.max(...all.map((l) => Buffer.byteLength(l.text)))).toBeLessThanOrEqual(MAX_LINE_CHARS);
    for (const n of [1, 2, 7, 100, 2500]) expect(await readLogTail(dir, n, 1e12)).toEqual(all.slice(-n));
    // Report parsers get every byte back as the tool wrote it (decoded per stream).
    const logPath = path.join(dir, LOG_FILE);
    expect(await readLogText(logPath, 'stdout', 1e12)).toBe(stdout.toString('utf8'));
    expect(await readLogText(logPath, 'stderr', 1e12)).toBe(stderr.toString('utf8'));
    let joined = '';
    for await (const p of readLogPieces(logPath)) if (p.stream === 'stdout') joined += p.text;
    expect(joined).toBe(stdout.toString('utf8'));
    const notes: string[] = [];
    for await (const p of readLogOutput(logPath)) if (p.stream === 'system') notes.push(p.text);
    expect(notes).toEqual(all.filter((l) => l.stream === 'system').map((l) => l.text));
    // The raw bytes are in the file in order: a person (or grep) still finds the tool's output in it.
    expect((await readFile(logPath)).includes(Buffer.from('out2999'))).toBe(true);
  });

  it('makes strings only for the lines that can still be shown when a flood arrives at once', async () => {
    const stdout = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `line ${i + 1}\n`).join(''));
    const { seen, tail, cap } = await capture({ stdout, stderr: Buffer.alloc(0) }, { linesKept: 100, notes: false });
    expect(cap.lines).toBe(50_000);
    // In order, no duplicate, the last line included; far fewer than all of them were made into objects.
    const seqs = seen.map((l) => l.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seen.at(-1)).toMatchObject({ seq: 50_000, text: 'line 50000' });
    expect(seen.length).toBeLessThan(10_000);
    expect(tail.map((l) => l.text)).toEqual(Array.from({ length: 100 }, (_, i) => `line ${49_901 + i}`));
    // Every line is still in the log.
    expect((await readLogTail(dir, 1_000_000, 1e12)).map((l) => l.text)).toEqual(Array.from({ length: 50_000 }, (_, i) => `line ${i + 1}`));
  });

  it('cuts the log at exactly logBytes of tool output and says how much was left out', async () => {
    const stdout = Buffer.from('0123456789\n'.repeat(1000));
    const { cap, limits } = await capture({ stdout, stderr: Buffer.alloc(0) }, { logBytes: 5005 });
    expect(limits).toBe(1);
    expect(cap.truncated).toBe(true);
    const logPath = path.join(dir, LOG_FILE);
    expect(await readLogText(logPath, 'stdout', 1e12)).toBe(stdout.subarray(0, 5005).toString());
    const notes: string[] = [];
    for await (const p of readLogOutput(logPath)) if (p.stream === 'system') notes.push(p.text);
    expect(notes.at(-1)).toContain(`the ${11_000 - 5005} bytes after them were not kept`);
  });

  it('reads a log whose last frame was cut short (the app died mid-write) up to that frame', async () => {
    // Over 1 MiB: chunks written together are joined into frames of up to 1 MiB, so this makes several.
    const stdout = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `row ${i + 1}\n`).join(''));
    const { seen } = await capture({ stdout, stderr: Buffer.alloc(0) });
    const logPath = path.join(dir, LOG_FILE);
    await truncate(logPath, (await stat(logPath)).size - 10);
    const tail = await readLogTail(dir, 50, 1e12);
    expect(tail.length).toBe(50);
    // Whole frames before the torn one are read; their lines are the ones the run had numbered.
    for (const l of tail) expect(seen.find((s) => s.seq === l.seq)).toEqual(l);
    expect(tail.at(-1)?.seq).toBeLessThan(200_000);
    const stats = { malformed: 0 };
    for await (const p of readLogOutput(logPath, stats)) void p;
    expect(stats.malformed).toBe(1);
  });
});
