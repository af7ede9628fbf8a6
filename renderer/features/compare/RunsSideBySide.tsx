import type { ReactNode } from 'react';
import type { RunSide } from '../../../shared/compare';
import { formatDuration } from '../../../shared/format';
import { StatusBadge } from '../jobs/StatusBadge';
import { formatWhen } from '../history/HistoryRow';

const ROWS: { label: string; value: (s: RunSide) => ReactNode }[] = [
  { label: 'Tool', value: (s) => s.toolName },
  { label: 'Project', value: (s) => s.projectName },
  { label: 'Finished', value: (s) => (s.finishedAt === null ? '—' : formatWhen(s.finishedAt)) },
  { label: 'Status', value: (s) => <StatusBadge status={s.status} /> },
  { label: 'Exit code', value: (s) => (s.exitCode === null ? '—' : String(s.exitCode)) },
  { label: 'Duration', value: (s) => (s.durationMs === null ? '—' : formatDuration(s.durationMs)) },
  { label: 'Engine', value: (s) => (s.engine ? `${s.engine.name} ${s.engine.version}` : '—') },
];

/** The two runs' facts in two columns, A (older) then B. */
export function RunsSideBySide({ a, b }: { a: RunSide; b: RunSide }) {
  return (
    <div className="table-wrap compare-runs">
      <table className="table" aria-label="The two runs side by side" data-testid="compare-runs">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Fact</span>
            </th>
            <th scope="col">Run A (before)</th>
            <th scope="col">Run B (after)</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.value(a)}</td>
              <td>{row.value(b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
