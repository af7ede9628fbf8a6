import type { Severity } from '../../../shared/diagnostics';

/**
 * Ruff and Pyflakes codes for code that cannot run as written are errors: syntax and I/O errors (E9xx, Ruff's
 * `invalid-syntax`), statements only valid elsewhere (F7xx: `return` outside a function…) and undefined names
 * (F821–F823). Everything else — unused imports and variables (F401, F841), redefinitions (F811), style — is a
 * warning: the code runs, and the engine says it is suspicious.
 */
export function pythonSeverity(code: string): Severity {
  return /^(E9\d\d|F7\d\d|F82[1-3])$/.test(code) || code === 'invalid-syntax' || code === 'syntax-error' ? 'error' : 'warning';
}
