import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { RUN_LAYOUT } from '../../store/layout';

/** The diagnostics file of a finished run (main/registry/diagnostics writes it). */
export const DIAGNOSTICS_FILE = RUN_LAYOUT.diagnostics;

/**
 * One finding as the CLI prints it. Read from diagnostics.json without the shared schema on purpose: engines'
 * parsers are gaining fields (a rule link, more severities such as `style`), and output must not fail on them.
 */
export interface Finding {
  /** Relative to the project's root, forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: string;
  code: string;
  message: string;
  ruleUrl?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function toFinding(v: unknown): Finding | null {
  if (!isRecord(v)) return null;
  const file = str(v.file);
  const message = str(v.message);
  if (file === undefined || message === undefined) return null;
  const f: Finding = {
    file,
    line: num(v.line) ?? 0,
    column: num(v.column) ?? 0,
    severity: str(v.severity) ?? 'warning',
    code: str(v.code) ?? '',
    message,
  };
  const endLine = num(v.endLine);
  const endColumn = num(v.endColumn);
  const ruleUrl = str(v.ruleUrl);
  if (endLine !== undefined) f.endLine = endLine;
  if (endColumn !== undefined) f.endColumn = endColumn;
  if (ruleUrl !== undefined && /^https?:\/\//.test(ruleUrl)) f.ruleUrl = ruleUrl;
  return f;
}

export interface RunFindings {
  findings: Finding[];
  /** Entries that were not findings (skipped, and counted here so nothing is lost silently). */
  unreadable: number;
  /** Why the file could not be read, when it could not (absent: the tool never ran or wrote none). */
  problem?: string;
}

export async function readFindings(runDir: string): Promise<RunFindings> {
  let text: string;
  try {
    text = await readFile(join(runDir, DIAGNOSTICS_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { findings: [], unreadable: 0 } : { findings: [], unreadable: 0, problem: `${DIAGNOSTICS_FILE}: ${code ?? 'unreadable'}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { findings: [], unreadable: 0, problem: `${DIAGNOSTICS_FILE} is not valid JSON: ${(error as Error).message}` };
  }
  const list: unknown[] = Array.isArray(parsed) ? parsed : isRecord(parsed) && Array.isArray(parsed.diagnostics) ? parsed.diagnostics : [];
  const findings: Finding[] = [];
  let unreadable = 0;
  for (const item of list) {
    const f = toFinding(item);
    if (f) findings.push(f);
    else unreadable += 1;
  }
  return { findings, unreadable };
}

/**
 * How a project's files are named in output: the path the user typed (relative to where they stand when it is
 * inside it) joined with the file's path in the project, so a terminal or editor can open it as printed.
 * A single-file project is that file; a zip's entries are named inside the archive (`app.zip!/src/x.sh`).
 */
export function projectPathNamer(userPath: string, kind: string, cwd: string): (file: string) => string {
  const rel = relative(cwd, userPath);
  const base = rel === '' ? '' : !rel.startsWith('..') && !isAbsolute(rel) ? rel : userPath;
  const slash = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));
  if (kind === 'file') return () => slash(base || userPath);
  if (kind === 'zip') return (file) => `${slash(base || userPath)}!/${file}`;
  return (file) => (base === '' ? file : `${slash(base)}/${file}`);
}

/** `path:line:col  severity  code  message` (line and column left out when the engine gave none). */
export function formatFinding(f: Finding, shown: string): string {
  const where = f.line > 0 ? (f.column > 0 ? `${shown}:${f.line}:${f.column}` : `${shown}:${f.line}`) : shown;
  return [where, f.severity, f.code, f.message.replace(/\r?\n/g, ' ')].filter((s) => s !== '').join('  ');
}

/** "2 errors, 1 warning, 3 info" in a stable order (known levels first, then any other in order of appearance). */
export function countLine(findings: readonly Finding[]): string {
  const counts = new Map<string, number>([['error', 0], ['warning', 0]]);
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const plural = (n: number, word: string) => (word === 'error' || word === 'warning' ? `${n} ${word}${n === 1 ? '' : 's'}` : `${n} ${word}`);
  return [...counts].filter(([sev, n]) => n > 0 || sev === 'error' || sev === 'warning').map(([sev, n]) => plural(n, sev)).join(', ');
}
