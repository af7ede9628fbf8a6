import { describe, expect, it } from 'vitest';
import { keep, LineSplitter as ByteSplitter, lineAt, MAX_LINE_CHARS, textsFrom, type LineEnd } from '../../../main/runner/line-splitter';

interface LinePiece {
  text: string;
  end: LineEnd;
}

/** The splitter as its users drive it: scan a chunk, make the lines it found; at the end, the last line. */
class LineSplitter {
  private readonly s: ByteSplitter;
  constructor(max?: number) {
    this.s = new ByteSplitter(max);
  }
  push(chunk: Uint8Array): LinePiece[] {
    const scanned = this.s.scan(Buffer.from(chunk));
    return Array.from({ length: scanned.count }, (_, i) => lineAt(scanned, i) as LinePiece);
  }
  end(): LinePiece[] {
    const last = this.s.end();
    return last ? [{ text: ByteSplitter.eofText(last) ?? '', end: 'eof' }] : [];
  }
}

const texts = (pieces: LinePiece[]): string[] => pieces.map((p) => p.text);

describe('LineSplitter', () => {
  it('splits on LF and CRLF and keeps the last line without a newline for the end', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('a\nb\r\nc'))).toEqual([
      { text: 'a', end: 'lf' },
      { text: 'b', end: 'crlf' },
    ]);
    expect(s.end()).toEqual([{ text: 'c', end: 'eof' }]);
  });

  it('joins a line that arrives in several chunks', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('hel'))).toEqual([]);
    expect(texts(s.push(Buffer.from('lo\nwor')))).toEqual(['hello']);
    expect(texts(s.push(Buffer.from('ld\n')))).toEqual(['world']);
    expect(s.end()).toEqual([]);
  });

  it('keeps a multi-byte character split across chunks, byte by byte', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('€ and 😀\n');
    const out: string[] = [];
    for (const b of bytes) out.push(...texts(s.push(Uint8Array.of(b))));
    expect(out).toEqual(['€ and 😀']);
  });

  it('replaces invalid UTF-8 and keeps going', () => {
    const s = new LineSplitter();
    expect(texts(s.push(Buffer.from([0x61, 0xff, 0x62, 0x0a, 0x63, 0x0a])))).toEqual(['a\uFFFDb', 'c']);
    // A dangling lead byte at the end of the stream becomes one replacement character.
    s.push(Buffer.from([0x64, 0xe2, 0x82]));
    expect(texts(s.end())).toEqual(['d\uFFFD']);
  });

  it('keeps ANSI escapes as they are', () => {
    const s = new LineSplitter();
    expect(texts(s.push(Buffer.from('\x1b[1;31merror\x1b[0m: x\n')))).toEqual(['\x1b[1;31merror\x1b[0m: x']);
  });

  it('cuts lines longer than the maximum, marking the pieces as cut, even before the newline arrives', () => {
    const s = new LineSplitter();
    const long = 'a'.repeat(MAX_LINE_CHARS * 2 + 5);
    const first = s.push(Buffer.from(long.slice(0, MAX_LINE_CHARS + 1)));
    expect(first).toEqual([{ text: 'a'.repeat(MAX_LINE_CHARS), end: 'cut' }]);
    const rest = s.push(Buffer.from(`${long.slice(MAX_LINE_CHARS + 1)}\n`));
    expect(rest.map((p) => [p.text.length, p.end])).toEqual([
      [MAX_LINE_CHARS, 'cut'],
      [5, 'lf'],
    ]);
    expect([...first, ...rest].map((p) => p.text).join('')).toBe(long);
  });

  it('never cuts inside a UTF-8 character, so every piece decodes as the tool wrote it', () => {
    const s = new LineSplitter(6);
    const pieces = [...s.push(Buffer.from('abc😀def€g\n')), ...s.end()];
    expect(pieces.map((p) => p.text).join('')).toBe('abc😀def€g');
    expect(pieces.map((p) => p.end)).toEqual(['cut', 'cut', 'lf']);
    for (const p of pieces) expect(p.text).not.toContain('\uFFFD');
  });

  it('a reader that starts mid-line leaves out the line whose start it did not see, and cuts where the writer did', () => {
    const writer = new LineSplitter(4);
    const all = [...writer.push(Buffer.from('abcdefgh')), ...writer.push(Buffer.from('ij\nk\n'))];
    expect(texts(all)).toEqual(['abcd', 'efgh', 'ij', 'k']);
    const reader = new ByteSplitter(4);
    reader.startMidLine(4); // the log's frame for the second chunk: 4 bytes ('efgh') of its line came before
    const scanned = reader.scan(Buffer.from('ij\nk\n'));
    const lines = Array.from({ length: scanned.count }, (_, i) => lineAt(scanned, i));
    expect(lines).toEqual([null, { text: 'ij', end: 'lf' }, { text: 'k', end: 'lf' }]);
  });

  it('makes the same texts a span at a time (textsFrom) as line by line, for any bytes, kept or not', () => {
    // Bytes chosen to be awkward: CR before LF and alone, broken and complete UTF-8, long runs (cut lines).
    const alphabet = [0x0a, 0x0d, 0x41, 0x20, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0x80];
    let seed = 3;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round += 1) {
      const splitter = new ByteSplitter(64);
      for (let c = 0; c < 5; c += 1) {
        const chunk = Buffer.from(Array.from({ length: 1 + rand(300) }, () => alphabet[rand(alphabet.length)] as number));
        const scanned = splitter.scan(chunk);
        const oneByOne = Array.from({ length: scanned.count }, (_, i) => lineAt(scanned, i)?.text);
        const kept = keep(scanned);
        for (let from = 1; from < scanned.count; from += 1 + rand(3)) {
          expect(textsFrom(scanned, from)).toEqual(oneByOne.slice(from));
          expect(textsFrom(kept, from)).toEqual(oneByOne.slice(from));
        }
        if (scanned.count > 0) expect(lineAt(kept, 0)?.text).toBe(oneByOne[0]);
      }
    }
  });

  it('a count-only scan (the live capture) finds the same lines, carry and cuts as a scan with positions', () => {
    // Chunks both shorter and longer than the line bound, lines both within and over it: both of scan's paths.
    let seed = 11;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = [0x0a, 0x0a, 0x0d, 0x41, 0x42, 0xc3, 0xa9, 0xe2, 0x82, 0xac];
    const paths = { counted: 0, full: 0 };
    for (let round = 0; round < 300; round += 1) {
      const max = 8 + rand(40);
      const withPositions = new ByteSplitter(max);
      const counting = new ByteSplitter(max);
      for (let c = 0; c < 8; c += 1) {
        const runs = rand(4) === 0 ? 4 : 0; // now and then a run of non-LF bytes, to make a line too long
        const chunk = Buffer.from(Array.from({ length: 1 + rand(2 * max) }, (_, i) => (runs && i % 3 ? 0x41 : (alphabet[rand(alphabet.length)] as number))));
        const a = withPositions.scan(chunk);
        const b = counting.scan(chunk, false);
        paths[b.ends === null ? 'counted' : 'full'] += 1;
        expect(b.count).toBe(a.count);
        expect([b.first, b.last, b.cut]).toEqual([a.first, a.last, a.cut]);
        expect(counting.pending).toBe(withPositions.pending);
        expect(counting.boundaryCut).toBe(withPositions.boundaryCut);
        const texts = (s: typeof a): (string | undefined)[] => Array.from({ length: s.count }, (_, i) => lineAt(s, i)?.text);
        const expected = texts(a);
        expect(texts(keep(b))).toEqual(expected);
        if (b.count > 1) expect(textsFrom(keep(b), 1)).toEqual(expected.slice(1));
      }
      expect(counting.end()?.bytes).toBe(withPositions.end()?.bytes);
    }
    expect(paths.counted).toBeGreaterThan(100);
    expect(paths.full).toBeGreaterThan(100);
  });

  it('only counts a short chunk whose lines all fit (no line end positions kept), and finds them again when asked', () => {
    const s = new ByteSplitter(16);
    s.scan(Buffer.from('abc'), false);
    const scanned = s.scan(Buffer.from('def\nxy\r\nz\nrest'), false);
    expect([scanned.count, scanned.ends, scanned.kinds]).toEqual([3, null, null]);
    expect(Array.from({ length: 3 }, (_, i) => lineAt(scanned, i)?.text)).toEqual(['abcdef', 'xy', 'z']);
    expect(ByteSplitter.eofText(s.end() as { head: Buffer[] | null })).toBe('rest');
  });
});
