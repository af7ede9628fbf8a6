const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Local wall-clock time as HH:MM, rounded up to the minute: "you can submit again at 14:06" must not name
 * a moment before the one it means.
 */
export function formatClockTime(ms: number): string {
  const minute = 60_000;
  const d = new Date(Math.ceil(ms / minute) * minute);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
