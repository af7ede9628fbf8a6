import type { Diagnostic } from '../../../shared/diagnostics';
import type { DiagnosticsFormat } from '../../../shared/tools';
import { clangParser } from './clang';
import type { FindingsParser, FindingsSource, ParserFactory, ParseResult } from './parser';
import { locator } from './paths';
import { pyflakesParser } from './pyflakes';
import { ruffJsonParser } from './ruff-json';
import { rustFvJsonParser } from './rust-fv-json';
import { sarifParser } from './sarif';
import { shellcheckJson1Parser } from './shellcheck-json1';
import { tscParser } from './tsc';

const nothing = (): FindingsParser => ({ write: () => undefined, end: () => ({ diagnostics: [], problem: null }) });

const PARSERS: Record<DiagnosticsFormat, ParserFactory> = {
  none: nothing,
  'shellcheck-json1': shellcheckJson1Parser,
  'ruff-json': ruffJsonParser,
  pyflakes: pyflakesParser,
  tsc: tscParser,
  clang: clangParser,
  sarif: sarifParser,
  'rust-fv-json': rustFvJsonParser,
};

/**
 * An incremental parser for one run's findings; files relative to inputDir with forward slashes (relative paths
 * the engine prints are taken from its working folder, `cwd`).
 */
export function findingsParser(format: DiagnosticsFormat, inputDir: string, documentSource: FindingsSource, cwd: string = inputDir): FindingsParser {
  return PARSERS[format](locator(inputDir, cwd), documentSource);
}

/**
 * Whole texts at once (tests, small outputs): `streams` in the order given, each as one source. Malformed output
 * never throws; the result says what could not be read.
 */
export function parseFindings(
  format: DiagnosticsFormat,
  inputDir: string,
  streams: Partial<Record<FindingsSource, string>>,
  documentSource: FindingsSource = 'stdout',
): ParseResult {
  const parser = findingsParser(format, inputDir, documentSource);
  for (const [source, text] of Object.entries(streams) as [FindingsSource, string][]) parser.write(text, source);
  return parser.end();
}

/** The findings in one stream's text (stdout unless said), dropping any note about what could not be read. */
export function parseDiagnostics(format: DiagnosticsFormat, text: string, inputDir: string, source: FindingsSource = 'stdout'): Diagnostic[] {
  return parseFindings(format, inputDir, { [source]: text }, source).diagnostics;
}

export type { FindingsParser, FindingsSource, ParseResult } from './parser';
export { clangParser, pyflakesParser, ruffJsonParser, rustFvJsonParser, sarifParser, shellcheckJson1Parser, tscParser };
