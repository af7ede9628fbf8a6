import type { OutputLine } from '../../../shared/jobs';
import { plainText } from './ansi';

/**
 * Lines of the console that contain the query (case-insensitive), kept up to date incrementally: the store only
 * appends, so new lines are scanned once; a new query (or lines dropped at the front) starts over.
 */
export class MatchIndex {
  private query = '';
  private scanned = 0;
  private droppedAt = 0;
  /** Indexes into the store's lines, ascending. */
  matches: number[] = [];

  update(lines: readonly OutputLine[], query: string, dropped: number): number[] {
    const q = query.toLowerCase();
    if (q !== this.query || dropped !== this.droppedAt || this.scanned > lines.length) {
      this.query = q;
      this.droppedAt = dropped;
      this.scanned = 0;
      this.matches = [];
    }
    if (!q) {
      this.scanned = lines.length;
      return this.matches;
    }
    const found: number[] = [];
    for (let i = this.scanned; i < lines.length; i++) {
      const line = lines[i];
      if (line && plainText(line).toLowerCase().includes(q)) found.push(i);
    }
    this.scanned = lines.length;
    if (found.length > 0) this.matches = this.matches.concat(found);
    return this.matches;
  }
}

/** Splits text into [plain, match, plain, match, …] for highlighting; case-insensitive. */
export function splitMatches(text: string, query: string): { text: string; match: boolean }[] {
  if (!query) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  // Some characters change length when lower-cased; offsets would drift, so such lines go unhighlighted.
  if (lower.length !== text.length) return [{ text, match: false }];
  const out: { text: string; match: boolean }[] = [];
  let at = 0;
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, i + q.length)) {
    if (i > at) out.push({ text: text.slice(at, i), match: false });
    out.push({ text: text.slice(i, i + q.length), match: true });
    at = i + q.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), match: false });
  return out;
}
