/** One measured figure, printed as `name: value unit (ratio vs baseline)`. */
export interface Summary {
  name: string;
  value: number;
  unit: string;
  /** How the figure compares with the baseline measured in the same run, e.g. "1.4× cp -r"; null for a baseline. */
  vs: string | null;
  /** The target from the issue, when this figure has one, and whether it was met. */
  target?: { text: string; met: boolean };
  /** Extra detail for BENCHMARKS.md (sizes, repetitions, spread). */
  note?: string;
}

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  if (abs >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

export function ratio(value: number, baseline: number, baselineName: string): string {
  return `${formatValue(value / baseline)}× ${baselineName}`;
}

export function formatSummary(s: Summary): string {
  const vs = s.vs ? ` (${s.vs})` : ' (baseline)';
  const target = s.target ? ` [target ${s.target.text}: ${s.target.met ? 'met' : 'MISSED'}]` : '';
  return `${s.name}: ${formatValue(s.value)} ${s.unit}${vs}${target}`;
}
