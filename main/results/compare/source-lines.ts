import { openInRun } from '../safe-open';
import { locateInRun } from '../safe-path';
import { decodeText, looksBinary } from '../text-sniff';
import type { Locatable } from './fingerprint';

/** A source file larger than this is not read for fingerprints (its findings fall back to matching by line). */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;
/** Source files read at the same time. */
const PARALLEL_READS = 16;

/**
 * The text of each finding's line, read from the run's own private copy of the project (`input/<file>`), so each
 * run is fingerprinted against the code it actually checked. Null where the file is missing, a link, binary, too
 * large, or shorter than the line. Each file is read once, through the same no-link rules as previews.
 */
export async function lineTexts(runDir: string, problems: readonly Locatable[]): Promise<(string | null)[]> {
  const byFile = new Map<string, number[]>();
  problems.forEach((p, i) => {
    const ids = byFile.get(p.file);
    if (ids) ids.push(i);
    else byFile.set(p.file, [i]);
  });
  const out = new Array<string | null>(problems.length).fill(null);
  const files = [...byFile.keys()];
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as string;
      const lines = await readLines(runDir, file);
      if (!lines) continue;
      for (const i of byFile.get(file) ?? []) {
        const line = (problems[i] as Locatable).line;
        // Tools count lines from 1; a finding on line 0 is about the whole file and has no line text.
        out[i] = line >= 1 && line <= lines.length ? (lines[line - 1] as string) : null;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, files.length) }, worker));
  return out;
}

async function readLines(runDir: string, file: string): Promise<string[] | null> {
  try {
    const at = await locateInRun(runDir, `input/${file}`);
    if (!at.stat.isFile() || at.stat.size > MAX_SOURCE_BYTES) return null;
    const { handle } = await openInRun(at.abs, at.root, at.stat);
    let bytes: Buffer;
    try {
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
    if (bytes.length > MAX_SOURCE_BYTES || looksBinary(bytes)) return null;
    return decodeText(bytes).split(/\r?\n/);
  } catch {
    // Missing, a link, outside the run folder, an unreadable path from a tool's message: no text, not an error.
    return null;
  }
}
