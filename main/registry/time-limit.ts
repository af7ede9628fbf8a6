import type { ToolExecutionConfig } from '../../shared/tools';

export interface TimeLimit {
  sec: number;
  /** Set when the request asked for more than the tool's maximum: what was asked, for a note to the user. */
  cappedFrom: number | null;
}

/**
 * The time limit for one run, decided here once for the window and the CLI: the configured limit (else the tool's
 * default) unless the request names one; a request may lower or raise it, never past the tool's maximum.
 */
export function timeLimitFor(
  exec: Pick<ToolExecutionConfig, 'defaultTimeoutSec' | 'maxTimeoutSec'>,
  configured: number | undefined,
  requested: number | undefined,
): TimeLimit {
  const max = exec.maxTimeoutSec;
  if (requested === undefined) return { sec: Math.min(configured ?? exec.defaultTimeoutSec, max), cappedFrom: null };
  const sec = Math.max(1, Math.min(requested, max));
  return { sec, cappedFrom: requested > max ? requested : null };
}
