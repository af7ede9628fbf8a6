import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutputLine } from '../../../shared/jobs';
import { OutputCapture } from '../../../main/runner/output-capture';
import { LineSplitter, MAX_LINE_CHARS } from '../../../main/runner/line-splitter';
import { FrameReader, type Frame } from '../../../main/runner/log-frames';
import { LOG_FILE, readLogPieces, readLogTail, readLogText } from '../../../main/runner/run-log';
import { bareRunner, makeWorkspace, request, SH, type Workspace } from './helpers';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hapyy-joined-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openCapture(logPath: string, seen: OutputLine[], over: { linesKept?: number; logBytes?: number } = {}): Promise<OutputCapture> {
  let clock = 1_000;
  return OutputCapture.open({
    logPath,
    linesKept: over.linesKept ?? 10_000_000,
    logBytes: over.logBytes ?? 1e12,
    now: () => (clock += 1),
    onOutput: (lines) => {
      for (const l of lines) seen.push(l);
    },
    onLimit: () => undefined,
  });
}

async function allFrames(logPath: string): Promise<{ frames: Frame[]; damaged: boolean }> {
  const handle = await open(logPath, 'r');
  try {
    const reader = new FrameReader(handle);
    const frames: Frame[] = [];
    for (let f = await reader.next(); f; f = await reader.next()) frames.push({ ...f, payload: Buffer.from(f.payload) });
    return { frames, damaged: reader.damaged };
  } finally {
    await handle.close();
  }
}

describe('run.log frames joined from many chunks', () => {
  it('joins consecutive chunks of a stream into one frame and keeps every frame’s index true on its own', async () => {
    const logPath = path.join(dir, LOG_FILE);
    const seen: OutputLine[] = [];
    const cap = await openCapture(logPath, seen);
    const sent = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    let writes = 0;
    // Runs of one stream, then the other, in chunks of varying size; a note of the runner's own now and then.
    for (let run = 0; run < 60; run += 1) {
      const stream = run % 3 === 2 ? 'stderr' : 'stdout';
      for (let c = 0; c < 20 + (run % 7); c += 1) {
        const chunk = Buffer.from(Array.from({ length: 1 + ((run * 31 + c * 17) % 200) }, (_, i) => `${stream[3]}${run}.${c}.${i}${i % 5 === 4 ? '\r\n' : '\n'}`).join(''));
        // A line may end in a later chunk: cut one chunk in two at an odd place.
        const at = (c * 13) % chunk.length;
        for (const part of [chunk.subarray(0, at), chunk.subarray(at)]) {
          if (part.length === 0) continue;
          cap.write(stream, part);
          sent[stream].push(part);
          writes += 1;
        }
      }
      if (run % 10 === 9) cap.system(`Hapyy: note ${run}`);
    }
    cap.endStream('stdout');
    cap.endStream('stderr');
    cap.tail();
    await cap.close();

    const { frames, damaged } = await allFrames(logPath);
    expect(damaged).toBe(false);
    // Joined: far fewer frames than writes, and no frame mixes streams (a reader could not tell their bytes apart).
    expect(frames.length).toBeLessThan(writes / 4);
    // Each frame read on its own (as readLogTail does when it starts there) finds the lines its header counts, and
    // the first of them has the header's sequence number: the frames' numbers run on without a gap.
    let next = 1;
    for (const f of frames) {
      if (f.kind === 'e') continue;
      if (f.stream !== 'system') {
        const splitter = new LineSplitter();
        splitter.startMidLine(f.carry);
        expect(splitter.scan(f.payload).count).toBe(f.lines);
      }
      if (f.lines > 0) {
        expect(f.firstSeq).toBe(next);
        next = f.firstSeq + f.lines;
      }
    }
    expect(next - 1).toBe(cap.lines);
    // Every byte of each stream, in order.
    for (const stream of ['stdout', 'stderr'] as const) {
      const payload = Buffer.concat(frames.filter((f) => f.stream === stream).map((f) => f.payload));
      expect(payload.equals(Buffer.concat(sent[stream]))).toBe(true);
    }
    // The lines read back, from the start or from any frame near the end, are the ones numbered live.
    const all = await readLogTail(dir, 10_000_000, 1e12);
    expect(all.map((l) => l.seq)).toEqual(Array.from({ length: cap.lines }, (_, i) => i + 1));
    for (const l of seen) expect(all[l.seq - 1]).toEqual(l);
    for (const n of [1, 3, 500, 5000]) expect(await readLogTail(dir, n, 1e12)).toEqual(all.slice(-n));
  });

  it('starts a new frame where a long line was cut at a chunk boundary, so the log cuts it where the live view did', async () => {
    // A line of two-byte characters, offset by one byte: its cut point (MAX_LINE_CHARS) falls inside a character.
    const line = Buffer.from(`x${'é'.repeat(MAX_LINE_CHARS)}\nafter\n`);
    expect(line[MAX_LINE_CHARS]! & 0xc0).toBe(0x80);
    const logPath = path.join(dir, LOG_FILE);
    const seen: OutputLine[] = [];
    const cap = await openCapture(logPath, seen);
    // The first chunk ends exactly at the cut point: the writer cannot back off into it and cuts there; a reader of
    // the two chunks joined would back off one byte and cut before the character.
    cap.write('stdout', line.subarray(0, MAX_LINE_CHARS));
    cap.write('stdout', line.subarray(MAX_LINE_CHARS));
    cap.tail();
    await cap.close();
    const back = await readLogTail(dir, 100, 1e12);
    expect(back).toEqual(seen);
    // Cut at the chunk boundary, inside a character (its lead byte decodes as U+FFFD), in the log as live.
    expect(back[0]?.text).toBe(line.subarray(0, MAX_LINE_CHARS).toString('utf8'));
    expect(await readLogText(logPath, 'stdout', 1e12)).toBe(line.toString('utf8'));
  });

  it('a log that cannot be written (a full disk) says why, marks the run incomplete and never leaves the pipes paused', async () => {
    const seen: OutputLine[] = [];
    const cap = await openCapture('/dev/full', seen);
    let drained = 0;
    cap.onDrain(() => (drained += 1));
    const chunk = Buffer.from('0123456789abcdef\n'.repeat(4096));
    for (let i = 0; i < 400; i += 1) cap.write('stdout', chunk);
    cap.tail();
    await cap.close();
    expect(cap.logError).toMatch(/ENOSPC|no space/i);
    expect(cap.truncated).toBe(true);
    // Backpressure was asked for (27 MB queued) and released by the failure.
    expect(drained).toBeGreaterThan(0);
    // The lines were still numbered and delivered.
    expect(cap.lines).toBe(400 * 4096);
    expect(seen.at(-1)?.seq).toBe(400 * 4096);
  });
});

describe('run.log from a real tool writing to both pipes at once', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace();
  });
  afterEach(async () => {
    await ws.cleanup();
  });

  it('holds every byte of each stream in order, numbered without a gap, at several megabytes', async () => {
    // Two writers at the same time, one per pipe: the log interleaves their chunks as they arrive.
    const script = `seq 1 300000 & seq 1000001 1200000 >&2; wait`;
    const outcome = await bareRunner().runTool(request(ws, { command: SH, args: ['-c', script], timeoutMs: 60_000 }));
    expect(outcome.status).toBe('completed');
    const expected = {
      stdout: Array.from({ length: 300_000 }, (_, i) => `${i + 1}\n`).join(''),
      stderr: Array.from({ length: 200_000 }, (_, i) => `${1_000_001 + i}\n`).join(''),
    };
    const logPath = path.join(ws.runDir, LOG_FILE);
    const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
    for (const stream of ['stdout', 'stderr'] as const) expect(sha(await readLogText(logPath, stream, 1e12))).toBe(sha(expected[stream]));
    let pieces = 0;
    for await (const p of readLogPieces(logPath)) if (p.text.length > 0) pieces += 1;
    expect(pieces).toBeGreaterThan(1);
    expect(outcome.outputLines).toBe(500_000);
    expect(outcome.outputBytes).toBe(Buffer.byteLength(expected.stdout) + Buffer.byteLength(expected.stderr));
    const all = await readLogTail(ws.runDir, 1_000_000, 1e12);
    expect(all.map((l) => l.seq)).toEqual(Array.from({ length: 500_000 }, (_, i) => i + 1));
    expect(all.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(expected.stdout.split('\n').slice(0, -1));
    expect(outcome.tail.at(-1)).toEqual(all.at(-1));
  });
});
