import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_CHARS, type LinePiece } from '../../../main/runner/line-splitter';

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

  it('never cuts between the halves of a surrogate pair', () => {
    const s = new LineSplitter(4);
    const pieces = [...s.push(Buffer.from('abc😀def\n')), ...s.end()];
    expect(pieces.map((p) => p.text).join('')).toBe('abc😀def');
    for (const p of pieces) expect(p.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
});
