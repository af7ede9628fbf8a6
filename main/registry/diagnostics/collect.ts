import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../../shared/diagnostics';
import type { EngineDef } from '../../../shared/tools';
import { LOG_FILE, readLogPieces } from '../../runner';
import { CrashWatch, type CrashSign } from './crash-signs';
import { findingsParser } from './index';
import { reportPathFor } from './report-path';

export { reportPathFor };

export interface Collected {
  /** Every finding read, null when the engine's format is `none` (plain text). */
  diagnostics: Diagnostic[] | null;
  /** Why the findings are incomplete or unreadable, in plain words; null when everything read. */
  problem: string | null;
  /** A sign the engine crashed (a traceback, a crash banner) seen in its output. */
  crash: CrashSign | null;
  /** Its last non-empty stderr line. */
  lastStderr: string | null;
}

/**
 * Reads one finished run's findings from wherever the engine wrote them: the streams named by the engine
 * (from run.log, streamed, whatever its size) or the report file its arguments named. Also watches both
 * streams for signs of a crash. Never throws for the engine's sake; an I/O error reading the log or report is
 * reported as the problem.
 */
export interface FindingsSource {
  runDir: string;
  inputDir: string;
  /** The engine's working folder (relative paths in its output are from there); default inputDir. */
  cwd?: string | undefined;
  engine: EngineDef;
  engineName: string;
  /** The engine's arguments named {report}: its findings are in the report file. */
  reportUsed: boolean;
}

export async function collectFindings(opts: FindingsSource): Promise<Collected> {
  const { engine } = opts;
  const watch = new CrashWatch();
  const parse = engine.diagnostics !== 'none';
  const documentSource = opts.reportUsed ? 'report' : engine.diagnosticsFrom === 'stderr' ? 'stderr' : 'stdout';
  const parser = findingsParser(engine.diagnostics, opts.inputDir, documentSource, opts.cwd ?? opts.inputDir);
  const fromStreams = parse && !opts.reportUsed;
  const wanted = (s: 'stdout' | 'stderr') => engine.diagnosticsFrom === 'both' || engine.diagnosticsFrom === s;
  const problems: string[] = [];
  try {
    for await (const { stream, text } of readLogPieces(path.join(opts.runDir, LOG_FILE))) {
      watch.write(text, stream);
      if (fromStreams && wanted(stream)) parser.write(text, stream);
    }
  } catch (e) {
    problems.push(`${LOG_FILE} could not be read to the end (${(e as Error).message})`);
  }
  if (parse && opts.reportUsed) {
    const file = reportPathFor(opts.runDir);
    try {
      for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) parser.write(chunk as string, 'report');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(code === 'ENOENT' ? `${opts.engineName} wrote no report` : `its report could not be read (${(e as Error).message})`);
    }
  }
  watch.end();
  const result = parser.end();
  // "Ruff's report is empty" says nothing new when no report was written at all.
  if (result.problem && !problems.some((p) => p.endsWith('wrote no report'))) problems.push(result.problem);
  return {
    diagnostics: parse ? result.diagnostics : null,
    problem: problems.length ? problems.join('; ') : null,
    crash: watch.crash(),
    lastStderr: watch.lastStderr(),
  };
}
