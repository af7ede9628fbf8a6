import { readFileSync } from 'node:fs';

/**
 * The whole machine's busy CPU time so far, ms (Linux: the first line of /proc/stat, all but idle and iowait), or
 * null elsewhere. Read around a batch, it counts every process and thread the batch made work (the app's threads,
 * the spawn helper, the tools, kernel workers), which a per-process figure misses; on a quiet machine it is steadier
 * than wall time, which a shared VM's other tenants move by ±30 %.
 */
export function machineBusyMs(): number | null {
  let line: string;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  } catch {
    return null;
  }
  if (!line.startsWith('cpu ')) return null;
  // user nice system idle iowait irq softirq steal …, in USER_HZ ticks (100 a second on Linux).
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return null;
  const [user, nice, system, , , irq, softirq] = ticks as [number, number, number, number, number, number, number, number];
  return (user + nice + system + irq + softirq) * 10;
}
