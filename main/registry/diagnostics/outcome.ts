import { countDiagnostics, type Diagnostic, type DiagnosticCounts } from '../../../shared/diagnostics';
import { countOf, formatCount } from '../../../shared/format';
import type { ProducedFile, RunEndStatus } from '../../../shared/jobs';
import type { EngineDef } from '../../../shared/tools';
import type { CrashSign } from './crash-signs';

/** The status for "the engine ran and found problems in the project" (its success, not a failure). */
export const PROBLEMS_STATUS: RunEndStatus = 'problems';

export interface RunFacts {
  /** The engine's name as shown ("Ruff", "cpptoc"). */
  engineName: string;
  engine: EngineDef;
  /** What the runner decided from the process alone, and its sentence for it. */
  runnerStatus: RunEndStatus;
  runnerMessage: string;
  /** The runner ended the run itself (a limit, a cancel): the exit code is not the engine's verdict. */
  stopped: boolean;
  exitCode: number | null;
  signal: string | null;
  /** null: the engine's output is plain text (format `none`). */
  diagnostics: readonly Diagnostic[] | null;
  /** Why the findings are incomplete or unreadable; null when all read. */
  parseProblem: string | null;
  crash: CrashSign | null;
  lastStderr: string | null;
  filesProduced: readonly ProducedFile[];
  /** Produced files (by path) that are not empty but hold no code (see hollowFiles); checked for transpilers only. */
  hollowFiles?: ReadonlySet<string>;
}

export interface Verdict {
  status: RunEndStatus;
  counts: DiagnosticCounts | null;
  /** The sentence the user reads. */
  message: string;
  /** Set when the findings shown are not everything the engine would have reported, and why. */
  diagnosticsProblem: string | null;
}


/** Signals that mean the engine itself broke (as opposed to being stopped by Hapyy or the user). */
const CRASH_SIGNALS: Record<string, string> = {
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'arithmetic fault',
  SIGSYS: 'bad system call',
  SIGTRAP: 'trap',
};
const SIGNAL_NUMBERS: Record<number, string> = { 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 11: 'SIGSEGV', 31: 'SIGSYS' };

function crashWords(f: RunFacts): string | null {
  if (f.signal && CRASH_SIGNALS[f.signal]) return `${CRASH_SIGNALS[f.signal]}, ${f.signal}`;
  // A shell or the engine's own handler reports a crash as 128 + the signal's number (cpptoc exits 139).
  const bySignal = f.exitCode !== null && f.exitCode > 128 ? SIGNAL_NUMBERS[f.exitCode - 128] : undefined;
  if (bySignal) return `${CRASH_SIGNALS[bySignal] ?? bySignal}, exit ${f.exitCode}`;
  if (f.crash) return f.exitCode !== null && f.exitCode !== 0 ? `${f.crash.detail}, exit ${f.exitCode}` : f.crash.detail;
  return null;
}

function countsText(c: DiagnosticCounts): string {
  const parts = [
    c.error ? countOf(c.error, 'error') : '',
    c.warning ? countOf(c.warning, 'warning') : '',
    c.info ? countOf(c.info, 'note') : '',
  ].filter(Boolean);
  return parts.join(', ');
}

/** "in main.cpp", "in main.cpp and util.cpp", "in 5 files". */
function whereErrors(list: readonly Diagnostic[]): string {
  const files = [...new Set(list.filter((d) => d.severity === 'error' && d.file).map((d) => d.file))];
  if (files.length === 0) return '';
  if (files.length <= 2) return ` in ${files.join(' and ')}`;
  return ` in ${formatCount(files.length)} files`;
}

/** For a transpiler: what it wrote, or null when that is fine. "wrote 2 files, both empty". */
function outputTrouble(f: RunFacts): string | null {
  if (!f.engine.requireOutput) return null;
  const written = f.filesProduced.filter((p) => p.origin !== 'input-changed');
  const empty = written.filter((p) => p.size === 0).length;
  const hollow = written.filter((p) => p.size > 0 && f.hollowFiles?.has(p.path)).length;
  if (written.length === 0) return 'wrote no files';
  if (empty === written.length) {
    return written.length === 1 ? 'wrote 1 file, and it is empty' : written.length === 2 ? 'wrote 2 files, both empty' : `wrote ${formatCount(written.length)} files, all empty`;
  }
  // What the real cpptoc 2.21.0 does when it translates nothing: `#pragma once` headers, `#include` sources.
  if (empty + hollow === written.length) {
    const n = written.length;
    return `wrote ${countOf(n, 'file')} with no code in ${n === 1 ? 'it' : 'them'} (only #pragma once, #include lines or nothing)`;
  }
  return null;
}

const foundBefore = (n: number) =>
  n > 0 ? ` The ${countOf(n, 'problem')} it reported before then ${n === 1 ? 'is' : 'are'} shown.` : ' No problems had been reported by then.';

/**
 * The one place a finished run's status and sentence are decided, from the process's end, the engine's findings
 * and, for transpilers, what it wrote. Success is exit 0 (or an exit the engine uses for findings) with no error
 * findings and, for a transpiler, a file that is not empty. A crash or an exit code the engine never uses for
 * findings is the engine failing, whatever it printed; findings read before a stop or crash are kept and said to
 * be partial.
 */
export function judgeRun(f: RunFacts): Verdict {
  const list = f.diagnostics;
  const counts = list ? countDiagnostics(list) : null;
  const total = counts ? counts.error + counts.warning + counts.info : 0;
  const name = f.engineName;
  const verdict = (status: RunEndStatus, message: string, diagnosticsProblem: string | null = f.parseProblem): Verdict => ({
    status,
    counts,
    message,
    diagnosticsProblem,
  });
  const readNote = f.parseProblem ? ` Part of its findings could not be read: ${f.parseProblem}.` : '';

  // Stopped by Hapyy or the user, or never started: the runner's words, plus what was found until then.
  if (f.stopped || (f.runnerStatus !== 'completed' && f.runnerStatus !== 'failed')) {
    if (!list || f.runnerStatus === 'error') return verdict(f.runnerStatus, f.runnerMessage);
    return verdict(f.runnerStatus, `${f.runnerMessage}${foundBefore(total)}`, f.parseProblem ?? 'the run was stopped before the engine finished, so these findings may be incomplete');
  }

  const crash = crashWords(f);
  if (crash) {
    const doing = f.engine.requireOutput ? ' while translating' : '';
    const partial = list && total > 0 ? ` The ${countOf(total, 'problem')} it reported before crashing ${total === 1 ? 'is' : 'are'} shown; the check is incomplete.` : '';
    return verdict(
      'failed',
      `${name} crashed (${crash})${doing} — this is a bug in the engine; the log has its last lines.${partial}`,
      list ? (f.parseProblem ?? 'the engine crashed, so these findings are incomplete') : null,
    );
  }
  // SIGXFSZ, a process limit, SIGTERM/SIGKILL from outside: the runner has the words.
  if (f.signal) return verdict(f.runnerStatus, f.runnerMessage);

  const code = f.exitCode ?? 0;
  const findingsExit = code === 0 || f.engine.problemExitCodes.includes(code);
  if (!findingsExit) {
    const said = f.lastStderr ? `: ${f.lastStderr}` : '';
    const partial = list && total > 0 ? ` It had reported ${countOf(total, 'problem')}, shown below; the check is incomplete.` : '';
    return verdict('failed', `${name} failed with exit code ${code}${said}.${partial}`, list ? (f.parseProblem ?? 'the engine failed, so these findings may be incomplete') : null);
  }

  const output = outputTrouble(f);
  if (!list) {
    // Plain text: the exit code alone says whether problems were found.
    if (code !== 0) return verdict(PROBLEMS_STATUS, `${name} reported problems (exit code ${code}); its output is in the log.${output ? ` It ${output}.` : ''}`);
    if (output) return verdict('failed', `${name} finished but ${output}.`);
    return verdict('completed', f.runnerMessage);
  }
  if (code !== 0 && total === 0) {
    const why = f.parseProblem ? ` (${f.parseProblem})` : '';
    return verdict('failed', `${name} exited with code ${code}, which means it found problems, but none could be read from its output${why}. Its output is in the log.`);
  }
  if (counts && counts.error > 0) {
    const found = f.engine.requireOutput ? `${name} reported ${countOf(counts.error, 'error')}${whereErrors(list)}` : `${name} found ${countOf(total, 'problem')} (${countsText(counts)})`;
    return verdict(PROBLEMS_STATUS, `${found}.${output ? ` It ${output}.` : ''}${readNote}`);
  }
  if (output) return verdict('failed', `${name} ${output}.${total > 0 ? ` It reported ${countsText(counts as DiagnosticCounts)}.` : ''}${readNote}`);
  if (total > 0 && !f.engine.requireOutput) return verdict(PROBLEMS_STATUS, `${name} found ${countOf(total, 'problem')} (${countsText(counts as DiagnosticCounts)}).${readNote}`);
  if (f.parseProblem) return verdict('failed', `${name} finished, but its findings could not be read: ${f.parseProblem}.`);
  const warned = total > 0 ? ` with ${countsText(counts as DiagnosticCounts)}` : '';
  return verdict('completed', total > 0 ? `${name} finished${warned}.` : `${name} finished and found no problems.`);
}
