import type { OutputLine, Stream } from '../../shared/jobs';
import { RING_MAX_CHARS } from './line-ring';
import { lineAt, textsFrom, type ScannedLines } from './line-splitter';

type ToolStream = Exclude<Stream, 'system'>;

/** Lines found but not yet made into OutputLines: a chunk's scan, or a line of the runner's own. */
export type Entry = { firstSeq: number; ts: number; stream: ToolStream; lines: ScannedLines; bytes: number } | { line: OutputLine };

const entryLines = (e: Entry): number => ('line' in e ? 1 : e.lines.count);
/** Bytes an entry holds on to: its chunk, and the earlier pieces of its first line. */
const entryBytes = (e: Entry): number => ('line' in e ? e.line.text.length : e.bytes + (e.lines.head?.reduce((n, b) => n + b.byteLength, 0) ?? 0));

/**
 * The newest lines of a run, still as bytes: whole entries, dropped from the front once the rest hold `maxLines`
 * lines and `maxBytes` bytes (RING_MAX_CHARS: 10,000 lines of 64 KiB each would otherwise hold over half a gigabyte).
 */
export class RawLines {
  private entries: Entry[] = [];
  private lines = 0;
  private bytes = 0;
  /** Lines dropped from the front since the last clear(). */
  dropped = 0;

  constructor(
    private readonly maxLines: number,
    private readonly maxBytes: number = RING_MAX_CHARS,
  ) {}

  push(e: Entry): void {
    this.entries.push(e);
    this.lines += entryLines(e);
    this.bytes += entryBytes(e);
    while (this.entries.length > 1) {
      const first = this.entries[0] as Entry;
      if (this.lines - entryLines(first) < this.maxLines && this.bytes - entryBytes(first) < this.maxBytes) break;
      this.entries.shift();
      this.dropped += entryLines(first);
      this.lines -= entryLines(first);
      this.bytes -= entryBytes(first);
    }
  }

  /** Bytes held. */
  get size(): number {
    return this.bytes;
  }

  /** Lines held (newest() returns at most maxLines of them). */
  get held(): number {
    return this.lines;
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  clear(): void {
    this.entries = [];
    this.lines = 0;
    this.bytes = 0;
    this.dropped = 0;
  }

  /** The newest `maxLines` lines, made into OutputLines (the only place output becomes strings). */
  newest(): OutputLine[] {
    // Which entries, and from which line of the oldest of them: then one array, filled in order.
    let room = this.maxLines;
    let k = this.entries.length;
    let from = 0;
    while (k > 0 && room > 0) {
      k -= 1;
      const n = entryLines(this.entries[k] as Entry);
      from = Math.max(0, n - room);
      room -= n - from;
    }
    const out: OutputLine[] = [];
    for (; k < this.entries.length; k += 1, from = 0) {
      const e = this.entries[k] as Entry;
      if ('line' in e) {
        out.push(e.line);
        continue;
      }
      const { firstSeq, stream, ts } = e;
      if (from === 0) {
        const l = lineAt(e.lines, 0);
        if (l) out.push({ seq: firstSeq, stream, text: l.text, ts });
      }
      const first = Math.max(1, from);
      if (first < e.lines.count) {
        const texts = textsFrom(e.lines, first);
        for (let i = 0; i < texts.length; i += 1) out.push({ seq: firstSeq + first + i, stream, text: texts[i] as string, ts });
      }
    }
    return out;
  }
}
