/**
 * Splits one output stream into lines as bytes arrive.
 * UTF-8 is decoded in stream mode, so a character split across two chunks survives and invalid bytes become U+FFFD.
 * Lines longer than MAX_LINE_CHARS are cut, so one endless line cannot grow the runner's memory; each piece says
 * how it ended, so the log can give the exact original text back (a long JSON line must not gain line breaks).
 * ANSI escapes are kept as they are; the UI neutralises them.
 */
export const MAX_LINE_CHARS = 64 * 1024;

/** How a piece ended: `\n`, `\r\n`, cut because too long (continues in the next piece), or end of stream. */
export type LineEnd = 'lf' | 'crlf' | 'cut' | 'eof';

export interface LinePiece {
  text: string;
  end: LineEnd;
}

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private partial = '';

  constructor(private readonly maxChars: number = MAX_LINE_CHARS) {}

  /** Complete lines (and cut pieces of long ones) found so far. */
  push(chunk: Uint8Array): LinePiece[] {
    const out: LinePiece[] = [];
    this.feed(this.decoder.decode(chunk, { stream: true }), out);
    return out;
  }

  /** Flushes what is left when the stream ends: a last line without a newline, a dangling incomplete character. */
  end(): LinePiece[] {
    const out: LinePiece[] = [];
    this.feed(this.decoder.decode(), out);
    if (this.partial.length > 0) this.emit(this.partial, 'eof', out);
    this.partial = '';
    return out;
  }

  private feed(text: string, out: LinePiece[]): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      const line = this.partial + text.slice(start, nl);
      if (line.endsWith('\r')) this.emit(line.slice(0, -1), 'crlf', out);
      else this.emit(line, 'lf', out);
      this.partial = '';
      start = nl + 1;
    }
    this.partial += text.slice(start);
    while (this.partial.length > this.maxChars) {
      const cut = this.cutAt(this.partial);
      out.push({ text: this.partial.slice(0, cut), end: 'cut' });
      this.partial = this.partial.slice(cut);
    }
  }

  private emit(line: string, end: LineEnd, out: LinePiece[]): void {
    while (line.length > this.maxChars) {
      const cut = this.cutAt(line);
      out.push({ text: line.slice(0, cut), end: 'cut' });
      line = line.slice(cut);
    }
    out.push({ text: line, end });
  }

  /** Never cut between the two halves of a surrogate pair. */
  private cutAt(s: string): number {
    const code = s.charCodeAt(this.maxChars - 1);
    return code >= 0xd800 && code <= 0xdbff ? this.maxChars - 1 : this.maxChars;
  }
}
