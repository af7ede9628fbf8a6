import { countLf } from './lf-count';

/**
 * Splits one output stream into lines on bytes, as chunks arrive: it finds line ends and remembers where they are,
 * but makes no strings. The capture (live lines) and the log readers (replay) use the same splitter, so a line has
 * the same sequence number and text wherever it is read.
 *
 * Lines longer than MAX_LINE_CHARS bytes are cut (never inside a UTF-8 character), so one endless line cannot grow
 * anyone's memory; each piece says how it ended. ANSI escapes are kept as they are; the UI neutralises them.
 */
export const MAX_LINE_CHARS = 64 * 1024;

/** How a piece ended: `\n`, `\r\n`, cut because too long (continues in the next piece), or end of stream. */
export type LineEnd = 'lf' | 'crlf' | 'cut' | 'eof';

const CR = 0x0d;
const CUT = 1;

/**
 * The line ends one `scan` found in its chunk. `ends` and `kinds` are the splitter's own arrays, valid until its next
 * scan: `keep()` makes a copy for a caller that makes the lines later.
 */
export interface ScannedLines {
  /** Lines completed (or cut) in this chunk. */
  count: number;
  chunk: Buffer;
  /** Bytes of the first line that arrived in earlier chunks (null: unknown, the reader started mid-line). */
  head: Buffer[] | null;
  /**
   * Per line: index of its end in the chunk (the LF, or the cut point). Null in a kept scan where every line ended
   * at a LF: the ends are found again from `last` when needed (copying them per chunk was a tenth of the capture's
   * cost, and most of a flood's lines are never made into strings).
   */
  ends: Int32Array | null;
  /** Per line: 1 when it was cut for length (null with `ends`). */
  kinds: Uint8Array | null;
  /** Index of the first and the last line's end. */
  first: number;
  last: number;
  /** A line was cut for length in this chunk (then `ends` and `kinds` are there). */
  cut: boolean;
}

export function keep(s: ScannedLines): ScannedLines {
  if (!s.ends) return s;
  const { count, kinds, ends } = s;
  if (s.cut) return { ...s, ends: ends.slice(0, count), kinds: (kinds as Uint8Array).slice(0, count) };
  return { ...s, ends: null, kinds: null };
}

/** Index of line `i`'s end in the chunk. */
function endOf(s: ScannedLines, i: number): number {
  if (s.ends) return s.ends[i] as number;
  // Every line ended at a LF: walk from the nearer end.
  if (i < s.count / 2) {
    let at = s.first;
    for (let k = 0; k < i; k += 1) at = s.chunk.indexOf(10, at + 1);
    return at;
  }
  let at = s.last;
  for (let k = s.count - 1; k > i; k -= 1) at = s.chunk.lastIndexOf(10, at - 1);
  return at;
}

/** Index of the first byte of line `i` (i ≥ 1). */
const startOf = (s: ScannedLines, i: number): number => endOf(s, i - 1) + (s.kinds?.[i - 1] === CUT ? 0 : 1);

/** The text of line `i` (0-based) of a scan and how it ended; null when its start was not seen. */
export function lineAt(s: ScannedLines, i: number): { text: string; end: LineEnd } | null {
  const { chunk, head } = s;
  const endAt = endOf(s, i);
  const cut = s.kinds?.[i] === CUT;
  let bytes: Buffer;
  if (i === 0) {
    if (head === null) return null;
    bytes = head.length > 0 ? Buffer.concat([...head, chunk.subarray(0, endAt)]) : chunk.subarray(0, endAt);
  } else {
    // Decoded straight from the chunk: no Buffer object per line.
    const from = startOf(s, i);
    if (cut) return { text: chunk.toString('utf8', from, endAt), end: 'cut' };
    const crlf = endAt > from && chunk[endAt - 1] === CR;
    return { text: chunk.toString('utf8', from, crlf ? endAt - 1 : endAt), end: crlf ? 'crlf' : 'lf' };
  }
  if (cut) return { text: bytes.toString('utf8'), end: 'cut' };
  const crlf = bytes.length > 0 && bytes[bytes.length - 1] === CR;
  return { text: bytes.toString('utf8', 0, crlf ? bytes.length - 1 : bytes.length), end: crlf ? 'crlf' : 'lf' };
}

/**
 * The texts of lines `from` to `count - 1` of a scan (from ≥ 1, so each starts in the chunk), in order. When none of
 * them was cut for length, the whole span is decoded at once and split at its LFs: a tenth of the cost of decoding
 * line by line (V8 makes the parts as slices of the span's string, which the kept lines share).
 */
export function textsFrom(s: ScannedLines, from: number): string[] {
  const { chunk, kinds, count } = s;
  let cut = false;
  for (let i = from - 1; i < count && !cut && kinds; i += 1) cut = kinds[i] === CUT;
  if (cut) {
    const out: string[] = [];
    for (let i = from; i < count; i += 1) out.push((lineAt(s, i) as { text: string }).text);
    return out;
  }
  const parts = chunk.toString('utf8', startOf(s, from), s.last).split('\n');
  for (let i = 0; i < parts.length; i += 1) {
    const p = parts[i] as string;
    if (p.charCodeAt(p.length - 1) === CR) parts[i] = p.slice(0, -1);
  }
  return parts;
}

export class LineSplitter {
  /** Pieces of the line not yet ended; null when a reader started mid-line and does not have them. */
  private carry: Buffer[] | null = [];
  private carryLen = 0;
  /** Per line of the last scan: index of its end in the chunk (the LF, or the cut point), and whether it was cut. */
  private ends = new Int32Array(1024);
  private kinds = new Uint8Array(1024);
  private chunk: Buffer = Buffer.alloc(0);
  private n = 0;
  /**
   * The last scan cut a long line where a different split of the same bytes into chunks would have cut elsewhere:
   * the cut backs off to the start of a UTF-8 character but not into an earlier chunk. A writer that joins chunks
   * into one log frame must start a new frame at such a chunk, so readers of the frame cut where it did.
   */
  boundaryCut = false;

  constructor(private readonly maxBytes: number = MAX_LINE_CHARS) {}

  /** Bytes of the current unfinished line (written to the log's frame headers so a reader can start anywhere). */
  get pending(): number {
    return this.carryLen;
  }

  /** A reader that starts mid-stream: the line under way has `bytes` bytes it will not see. */
  startMidLine(bytes: number): void {
    this.carry = bytes > 0 ? null : [];
    this.carryLen = bytes;
  }

  /**
   * Finds the lines `chunk` completes. With `positions` false (the live capture) a chunk no longer than a line's
   * bound, whose first line is not too long, is only counted: no other line in it can be (each is shorter than the
   * chunk), and its line ends are found again from `first`/`last` for the few lines made into strings. Readers ask for
   * positions, since they make every line.
   */
  scan(chunk: Buffer, positions = true): ScannedLines {
    if (!positions && chunk.length <= this.maxBytes) {
      const first = chunk.indexOf(10);
      if (first >= 0 && this.carryLen + first <= this.maxBytes) return this.counted(chunk, first);
    }
    this.chunk = chunk;
    const head = this.carry;
    this.n = 0;
    this.boundaryCut = false;
    let cut = false;
    // Buffer#indexOf per line end: no string made for the chunk (a one-byte string per chunk was slower: garbage).
    let start = 0;
    for (let lf = chunk.indexOf(10); lf >= 0; lf = chunk.indexOf(10, start)) {
      if (this.carryLen + lf - start > this.maxBytes) {
        this.cutLong(start, lf);
        cut = true;
      }
      this.push(lf, 0);
      this.carryLen = 0;
      start = lf + 1;
    }
    if (this.carryLen + chunk.length - start > this.maxBytes) {
      start = this.cutLong(start, chunk.length);
      cut = true;
    }
    // The line under way now starts in this chunk (when one ended here), or goes on from earlier chunks.
    if (this.n > 0) this.carry = [];
    if (start < chunk.length) {
      this.carry?.push(chunk.subarray(start));
      this.carryLen += chunk.length - start;
    }
    return { count: this.n, chunk, head, ends: this.ends, kinds: this.kinds, first: this.n > 0 ? (this.ends[0] as number) : -1, last: this.n > 0 ? (this.ends[this.n - 1] as number) : -1, cut };
  }

  /** scan() for a chunk with a line end at `first` and no line to cut: only counted. */
  private counted(chunk: Buffer, first: number): ScannedLines {
    const head = this.carry;
    const last = chunk.lastIndexOf(10);
    // The line under way now starts in this chunk, after its last LF.
    this.carry = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    this.carryLen = chunk.length - last - 1;
    this.boundaryCut = false;
    return { count: countLf(chunk), chunk, head, ends: null, kinds: null, first, last, cut: false };
  }

  /** The stream ended: the bytes of a last line without a newline (null when there is none). */
  end(): { head: Buffer[] | null; bytes: number } | null {
    if (this.carryLen === 0) return null;
    const out = { head: this.carry, bytes: this.carryLen };
    this.carry = [];
    this.carryLen = 0;
    return out;
  }

  /** Text of a last line handed back by `end()`. */
  static eofText(last: { head: Buffer[] | null }): string | null {
    return last.head === null ? null : Buffer.concat(last.head).toString('utf8');
  }

  /** Cuts the line starting at `start` (after carryLen earlier bytes) into pieces of at most maxBytes, before `limit`. */
  private cutLong(start: number, limit: number): number {
    const chunk = this.chunk;
    while (this.carryLen + limit - start > this.maxBytes) {
      let at = start + this.maxBytes - this.carryLen;
      // Back off to the start of a UTF-8 character, so both pieces decode as the tool wrote them.
      let k = 0;
      for (; k < 3 && at > start && ((chunk[at] as number) & 0xc0) === 0x80; k += 1) at -= 1;
      if (at === 0 && k < 3 && this.carryLen > 0 && ((chunk[0] as number) & 0xc0) === 0x80) this.boundaryCut = true;
      this.push(at, CUT);
      this.carryLen = 0;
      start = at;
    }
    return start;
  }

  private push(endAt: number, kind: number): void {
    if (this.n === this.ends.length) {
      const ends = new Int32Array(this.n * 2);
      ends.set(this.ends);
      this.ends = ends;
      const kinds = new Uint8Array(this.n * 2);
      kinds.set(this.kinds);
      this.kinds = kinds;
    }
    this.ends[this.n] = endAt;
    this.kinds[this.n] = kind;
    this.n += 1;
  }
}
