import { LineJoiner } from './parser';

/**
 * What an engine prints when it breaks rather than when it finds problems. Watched on both streams while the
 * findings are read; the first sign wins. One place for the patterns, so a new engine's banner is one line here.
 */
const SIGNS: { start: RegExp; what: string }[] = [
  // Python: the exception itself is the last unindented line of the traceback.
  { start: /^Traceback \(most recent call last\):\s*$/, what: 'Python traceback' },
  // cpptoc's own handler for SIGSEGV and SIGABRT (failed assertions), as the real one prints it on stderr:
  // `!!! CRITICAL: Exiting due to segfault !!!` after a backtrace (tests/fixtures/captured/cpptoc/stl).
  { start: /^\s*(?:!!!\s*)?(?:\[[^\]]*\]\s*)?CRITICAL: Exiting due to (.+?)(?:\s*!!!)?\s*$/, what: 'CRITICAL' },
  { start: /^thread '.*' panicked at/, what: 'Rust panic' },
  { start: /^(?:Assertion .* failed|.*: Assertion `.*' failed\.)/, what: 'assertion failed' },
];

export interface CrashSign {
  /** Plain words: "Python traceback: SyntaxError: invalid or missing encoding declaration". */
  detail: string;
}

/** Watches an engine's output, piece by piece (see readLogPieces), for the signs above. */
export class CrashWatch {
  private sign: { what: string; first: string; last: string | null } | null = null;
  private lastStderrLine: string | null = null;
  private readonly lines = new LineJoiner((line, source) => this.line(line, source === 'stderr' ? 'stderr' : 'stdout'));

  write(text: string, stream: 'stdout' | 'stderr'): void {
    this.lines.write(text, stream);
  }

  /** The end of the output: a last line without a newline still counts. */
  end(): void {
    this.lines.flush();
  }

  private line(line: string, stream: 'stdout' | 'stderr'): void {
    if (stream === 'stderr' && line.trim()) this.lastStderrLine = line.trim();
    if (this.sign) {
      // A traceback's closing line: `SomeError: message`, not indented.
      if (this.sign.what === 'Python traceback' && stream === 'stderr' && /^[A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit)\b/.test(line)) {
        this.sign.last = line.trim();
      }
      return;
    }
    for (const s of SIGNS) {
      const m = s.start.exec(line);
      if (m) {
        this.sign = { what: s.what, first: s.what === 'CRITICAL' ? `exiting due to ${m[1] ?? 'an error'}` : line.trim(), last: null };
        return;
      }
    }
  }

  crash(): CrashSign | null {
    if (!this.sign) return null;
    const { what, first, last } = this.sign;
    if (what === 'Python traceback') return { detail: last ? `Python traceback: ${last.slice(0, 300)}` : 'Python traceback' };
    if (what === 'CRITICAL') return { detail: first };
    return { detail: first.slice(0, 300) };
  }

  /** The engine's last words on stderr, for a failure message. */
  lastStderr(): string | null {
    return this.lastStderrLine ? this.lastStderrLine.slice(0, 300) : null;
  }
}
