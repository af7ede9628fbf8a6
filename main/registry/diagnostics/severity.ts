import type { Severity } from '../../../shared/diagnostics';

/** Ruff/flake8 codes that mean the code cannot work as written (undefined names, syntax errors) are errors; the rest warnings. */
export function pythonSeverity(code: string): Severity {
  return /^(F8\d\d|E9\d\d)$/.test(code) || code === 'syntax-error' ? 'error' : 'warning';
}
