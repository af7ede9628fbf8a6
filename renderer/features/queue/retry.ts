import { formatDuration } from '../../../shared/format';

/** details.retryAt from a refused submit: epoch milliseconds (or an ISO date string); null if absent or unreadable. */
export function retryAtOf(details: Record<string, unknown> | undefined): number | null {
  const raw = details?.retryAt;
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string') {
    const t = Date.parse(raw);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** "Try again in about 40 s (at 14:05)." / "You can try again now." */
export function retryText(retryAt: number | null, now: number, fallback: string): string {
  if (retryAt === null) return fallback;
  const wait = retryAt - now;
  if (wait <= 0) return 'You can try again now.';
  return `Try again in about ${formatDuration(Math.ceil(wait / 1000) * 1000)} (at ${clockTime(retryAt)}).`;
}
