import { decodeText, looksBinary } from '../text-sniff';
import type { Locatable } from './fingerprint';
import type { RunReader } from './run-reader';

/** A source file larger than this is not read for fingerprints (its findings fall back to matching by line). */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/**
 * The text of each finding's line, read from the run's own private copy of the project (`input/<file>`), so each
 * run is fingerprinted against the code it actually checked. Null where the file is missing, a link, binary, too
 * large, or shorter than the line. Each file is read once (findings grouped by file in one pass), through the same
 * no-link rules as previews (RunReader).
 */
export async function lineTexts(run: RunReader, problems: readonly Locatable[]): Promise<(string | null)[]> {
  const byFile = new Map<string, number[]>();
  problems.forEach((p, i) => {
    const ids = byFile.get(p.file);
    if (ids) ids.push(i);
    else byFile.set(p.file, [i]);
  });
  const out = new Array<string | null>(problems.length).fill(null);
  for (const [file, ids] of byFile) {
    const lines = await readLines(run, file);
    if (!lines) continue;
    for (const i of ids) {
      const line = (problems[i] as Locatable).line;
      // Tools count lines from 1; a finding on line 0 is about the whole file and has no line text.
      out[i] = line >= 1 && line <= lines.length ? (lines[line - 1] as string) : null;
    }
  }
  return out;
}

async function readLines(run: RunReader, file: string): Promise<string[] | null> {
  // Missing, a link, outside the run folder, an unreadable path from a tool's message: no text, not an error.
  const got = await run.read(`input/${file}`, MAX_SOURCE_BYTES);
  if (!got?.bytes || looksBinary(got.bytes)) return null;
  return decodeText(got.bytes).split(/\r?\n/);
}
