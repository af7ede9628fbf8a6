import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputLine } from '../../../shared/jobs';
import type { Executor } from '../../../main/queue';
import { SETTINGS, spec, until, useQueues } from './helpers';

const makeQueue = useQueues();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Emits `total` lines in bursts over time, in emit() calls of 1–3 lines, like a runner reading pipes. */
function chattyExecutor(total: number, opts: { burst: number; gapMs: number; log?: boolean }): { execute: Executor; emitCalls: () => number; progress: () => number } {
  let calls = 0;
  let seq = 0;
  const execute: Executor = async (_record, ctx) => {
    while (seq < total) {
      for (let i = 0; i < opts.burst && seq < total; ) {
        const n = Math.min(1 + (seq % 3), total - seq);
        const lines: OutputLine[] = Array.from({ length: n }, () => {
          seq += 1;
          return { seq, stream: seq % 5 === 0 ? 'stderr' : 'stdout', text: `line ${seq}`, ts: Date.now() };
        });
        if (opts.log) appendFileSync(join(ctx.runDir, 'lines.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
        ctx.emit(lines);
        calls += 1;
        i += n;
      }
      await sleep(opts.gapMs);
    }
    return { status: 'completed', outputLines: total };
  };
  return { execute, emitCalls: () => calls, progress: () => seq };
}

const seqs = (lines: readonly OutputLine[]) => lines.map((l) => l.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('QueueService: live output', () => {
  it('a late subscriber gets every line exactly once and in order; early ones get batched messages, all before job:finished', async () => {
    const total = 600;
    const chatty = chattyExecutor(total, { burst: 20, gapMs: 8 });
    const { queue } = makeQueue({ execute: chatty.execute, outputBatchMs: 40, settings: () => SETTINGS });
    await queue.start();

    const early: OutputLine[] = [];
    let earlyMessages = 0;
    const order: string[] = [];
    queue.on('job:output', (e) => {
      earlyMessages += 1;
      early.push(...e.lines);
      order.push('output');
    });
    queue.on('job:finished', () => order.push('finished'));

    const { record } = await queue.submit(spec());
    await until(() => chatty.progress() >= total / 3, 'a third of the output');

    // Join midway, the way a reloaded window does: what there is so far, then the live events.
    const detail = await queue.get(record.jobId);
    const late: OutputLine[] = [...detail.output];
    expect(detail.lastSeq).toBe(late.at(-1)?.seq);
    expect(detail.lastSeq).toBeGreaterThan(0);
    expect(detail.lastSeq).toBeLessThan(total);
    queue.on('job:output', (e) => late.push(...e.lines));

    await queue.onIdle();
    expect(seqs(late)).toEqual(range(1, total));
    expect(late.map((l) => l.text)).toEqual(range(1, total).map((n) => `line ${n}`));
    expect(seqs(early)).toEqual(range(1, total));
    // Batched: far fewer messages than the runner's emit calls.
    expect(earlyMessages).toBeLessThan(chatty.emitCalls() / 5);
    expect(order.at(-1)).toBe('finished');
    expect(order.filter((o) => o === 'finished')).toHaveLength(1);
  });

  it('with a small ring, the late subscriber gets the last lines, then continues from lastSeq with no gap', async () => {
    const total = 500;
    const chatty = chattyExecutor(total, { burst: 25, gapMs: 6 });
    const { queue } = makeQueue({ execute: chatty.execute, outputBatchMs: 30, keepLines: () => 100, settings: () => SETTINGS });
    await queue.start();
    const { record } = await queue.submit(spec());
    await until(() => chatty.progress() >= 250, 'half the output');
    const detail = await queue.get(record.jobId);
    expect(detail.output).toHaveLength(100);
    expect(seqs(detail.output)).toEqual(range(detail.lastSeq - 99, detail.lastSeq));
    const live: OutputLine[] = [];
    queue.on('job:output', (e) => live.push(...e.lines));
    await queue.onIdle();
    expect(seqs(live)).toEqual(range(detail.lastSeq + 1, total));
  });

  it('a finished job is read back through readLog; a repeated seq from the runner is dropped', async () => {
    const chatty = chattyExecutor(50, { burst: 50, gapMs: 1, log: true });
    const readLog = async (runDir: string, maxLines: number): Promise<OutputLine[]> =>
      readFileSync(join(runDir, 'lines.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as OutputLine)
        .slice(-maxLines);
    const { queue } = makeQueue({ execute: chatty.execute, readLog, keepLines: () => 20, settings: () => SETTINGS });
    await queue.start();
    const { record } = await queue.submit(spec());
    await queue.onIdle();
    const detail = await queue.get(record.jobId);
    expect(detail.record.status).toBe('completed');
    expect(seqs(detail.output)).toEqual(range(31, 50));
    expect(detail.lastSeq).toBe(50);

    const dupes: number[] = [];
    const { queue: q2 } = makeQueue({
      execute: async (_r, ctx) => {
        ctx.emit([{ seq: 1, stream: 'stdout', text: 'a', ts: 0 }]);
        ctx.emit([{ seq: 1, stream: 'stdout', text: 'a', ts: 0 }, { seq: 2, stream: 'stdout', text: 'b', ts: 0 }]);
        return { status: 'completed' };
      },
      settings: () => SETTINGS,
    });
    q2.on('job:output', (e) => dupes.push(...seqs(e.lines)));
    const j = await q2.submit(spec());
    await q2.onIdle();
    expect(dupes).toEqual([1, 2]);
    // Without readLog, the lines kept in memory are what a later get() shows.
    expect(seqs((await q2.get(j.record.jobId)).output)).toEqual([1, 2]);
  });
});
