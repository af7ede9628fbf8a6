import type { Diagnostic } from '../../../shared/diagnostics';
import type { DiagnosticsFormat } from '../../../shared/tools';
import { parseHapyyJsonl } from './hapyy-jsonl';
import { parsePyflakes } from './pyflakes';
import { parseRuffJson } from './ruff-json';
import { parseShellcheckJson1 } from './shellcheck-json1';
import { parseTsc } from './tsc';

const PARSERS: Record<DiagnosticsFormat, (stdout: string, inputDir: string) => Diagnostic[]> = {
  none: () => [],
  'shellcheck-json1': parseShellcheckJson1,
  'ruff-json': parseRuffJson,
  pyflakes: parsePyflakes,
  tsc: parseTsc,
  'hapyy-jsonl': parseHapyyJsonl,
};

/**
 * An engine's stdout in the common Diagnostic shape, files relative to inputDir with forward slashes.
 * Malformed output never throws: whatever parsed is returned.
 */
export function parseDiagnostics(format: DiagnosticsFormat, stdout: string, inputDir: string): Diagnostic[] {
  try {
    return PARSERS[format](stdout, inputDir);
  } catch {
    return [];
  }
}

export { parseHapyyJsonl, parsePyflakes, parseRuffJson, parseShellcheckJson1, parseTsc };
