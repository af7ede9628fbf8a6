import { JSONParser } from '@streamparser/json';
import type { z } from 'zod';
import type { Diagnostic } from '../../../shared/diagnostics';
import type { Locate } from './paths';

/** Where a piece of an engine's findings came from: one of its streams, or the report file it was told to write. */
export type FindingsSource = 'stdout' | 'stderr' | 'report';

export interface ParseResult {
  diagnostics: Diagnostic[];
  /** Why the findings are incomplete or could not be read, in plain words; null when everything parsed. */
  problem: string | null;
}

/**
 * An engine's findings, read incrementally: text is written in order as it was produced (whole lines or any
 * chunks), so a report of any size is parsed without holding it whole. Never throws.
 */
export interface FindingsParser {
  write(text: string, source: FindingsSource): void;
  end(): ParseResult;
}

/** `documentSource`: where a one-document format (JSON) is read from — the report file, or the stream it is printed on. */
export type ParserFactory = (locate: Locate, documentSource: FindingsSource) => FindingsParser;

/** A line longer than this (a minified file, a binary dump) is read only up to here; the rest is skipped, not held. */
export const MAX_FINDING_LINE = 1024 * 1024;

/**
 * Splits pieces of text, per source, into whole lines (without their endings); the last line without a newline is
 * handed over at flush(). A line longer than MAX_FINDING_LINE is handed over cut to that length, once, so memory
 * stays bounded whatever the engine prints.
 */
export class LineJoiner {
  private readonly partial = new Map<string, { text: string; over: boolean }>();
  constructor(private readonly onLine: (line: string, source: FindingsSource) => void) {}

  write(text: string, source: FindingsSource): void {
    const p = this.partial.get(source) ?? { text: '', over: false };
    let rest = text;
    for (let lf = rest.indexOf('\n'); lf >= 0; lf = rest.indexOf('\n')) {
      const line = p.text + rest.slice(0, lf);
      if (!p.over) this.onLine(line.slice(0, MAX_FINDING_LINE).replace(/\r$/, ''), source);
      p.text = '';
      p.over = false;
      rest = rest.slice(lf + 1);
    }
    if (!p.over) {
      p.text += rest;
      if (p.text.length > MAX_FINDING_LINE) {
        this.onLine(p.text.slice(0, MAX_FINDING_LINE), source);
        p.text = '';
        p.over = true;
      }
    }
    this.partial.set(source, p);
  }

  flush(): void {
    for (const [source, p] of this.partial) if (p.text && !p.over) this.onLine(p.text.replace(/\r$/, ''), source as FindingsSource);
    this.partial.clear();
  }
}

/**
 * A parser for a line-oriented format: `onLine` gets each complete line (without its ending) and the source it came
 * from; the last line without a newline is handed over at end(). Each source keeps its own partial line.
 */
export function lineParser(onLine: (line: string, source: FindingsSource) => void, result: () => ParseResult): FindingsParser {
  const lines = new LineJoiner(onLine);
  return {
    write: (text, source) => lines.write(text, source),
    end() {
      lines.flush();
      return result();
    },
  };
}

export interface JsonItem {
  value: unknown;
  /** The path pattern (one of `paths`) the value matched, by index. */
  pathIndex: number;
}

/**
 * A parser for one JSON document (from one source; others are ignored): every value at one of `paths`
 * (`$.comments.*`, JSONPath-like as @streamparser/json takes them) is handed to `onItem` as soon as it is complete,
 * so a document cut short (a timeout, a crash) still yields the items before the cut. `noun` names the document in
 * messages ("ShellCheck's report"). `paths` must differ in depth (the depth tells which one matched).
 */
export function jsonDocumentParser(opts: {
  source: FindingsSource;
  paths: string[];
  noun: string;
  onItem: (item: JsonItem) => void;
  result: () => Diagnostic[];
}): FindingsParser {
  const depths = opts.paths.map((p) => p.split('.').length - 1);
  const parser = new JSONParser({ paths: opts.paths, keepStack: false });
  let error: string | null = null;
  let sawText = false;
  parser.onValue = ({ value, stack }) => {
    const pathIndex = depths.indexOf(stack.length);
    if (pathIndex >= 0) opts.onItem({ value, pathIndex });
  };
  parser.onError = (e) => {
    error ??= e.message;
  };
  return {
    write(text, source) {
      if (source !== opts.source || error !== null) return;
      if (!sawText && text.trim() === '') return;
      sawText = true;
      // A second document or trailing text after the first is not ours to read; what was read stands.
      if (parser.isEnded) {
        if (text.trim()) error ??= 'unexpected text after the report';
        return;
      }
      try {
        parser.write(text);
      } catch (e) {
        error ??= e instanceof Error ? e.message : String(e);
      }
    },
    end() {
      if (sawText && error === null && !parser.isEnded) {
        try {
          parser.end();
        } catch (e) {
          error ??= e instanceof Error ? e.message : String(e);
        }
      }
      const diagnostics = opts.result();
      let problem: string | null = null;
      if (!sawText) problem = `${opts.noun} is empty`;
      else if (error !== null) {
        const cut = /ended in mid-parsing|not all the data/i.test(error);
        problem = cut
          ? `${opts.noun} ends early (cut off); ${diagnostics.length} finding${diagnostics.length === 1 ? '' : 's'} before the cut were read`
          : `${opts.noun} is not valid JSON (${error}); ${diagnostics.length} finding${diagnostics.length === 1 ? '' : 's'} before that were read`;
      }
      return { diagnostics, problem };
    },
  };
}

/**
 * An engine's JSON report whose entries at `path` each become findings: every entry is checked against `entry`, and
 * one that is not in that shape is counted and reported in the result's problem, never dropped without a word.
 */
export function jsonReportParser<T>(opts: {
  source: FindingsSource;
  path: string;
  noun: string;
  entry: z.ZodType<T>;
  findings: (entry: T) => Diagnostic[];
}): FindingsParser {
  const out: Diagnostic[] = [];
  let skipped = 0;
  const doc = jsonDocumentParser({
    source: opts.source,
    paths: [opts.path],
    noun: opts.noun,
    onItem: ({ value }) => {
      const e = opts.entry.safeParse(value);
      if (e.success) for (const d of opts.findings(e.data)) out.push(d);
      else skipped += 1;
    },
    result: () => out,
  });
  return {
    write: (text, source) => doc.write(text, source),
    end() {
      const r = doc.end();
      if (skipped === 0) return r;
      const note = `${skipped} entr${skipped === 1 ? 'y' : 'ies'} of ${opts.noun} not in the expected shape ${skipped === 1 ? 'was' : 'were'} skipped`;
      return { diagnostics: r.diagnostics, problem: r.problem ? `${r.problem}; ${note}` : note };
    },
  };
}
