import { boundedRun } from './bounded-run';

const MARK = '__HAPYY_PATH__';

/** The PATH between our markers: an interactive login shell may print banners around it. */
export function extractMarkedPath(output: string): string | undefined {
  const start = output.indexOf(MARK);
  if (start < 0) return undefined;
  const end = output.indexOf(MARK, start + MARK.length);
  if (end < 0) return undefined;
  const value = output.slice(start + MARK.length, end).trim();
  return value || undefined;
}

/**
 * The PATH a login shell sets up (`$SHELL -ilc`), for macOS where apps started from Finder get a bare PATH.
 * Bounded by `timeoutMs`; undefined when there is no shell or it misbehaves.
 */
export async function loginShellPath(
  shell: string | undefined = process.env.SHELL,
  timeoutMs = 2000,
): Promise<string | undefined> {
  if (!shell || !shell.startsWith('/')) return undefined;
  const r = await boundedRun(shell, ['-ilc', `printf '%s%s%s' '${MARK}' "$PATH" '${MARK}'`], { timeoutMs });
  if (r.kind !== 'exited' || r.exitCode !== 0) return undefined;
  return extractMarkedPath(r.stdout);
}
