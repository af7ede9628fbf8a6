import { formatDuration } from '../../../shared/format';
import type { JobRecord } from '../../../shared/jobs';
import { Icon } from '../../components/Icon';
import { StatusBadge } from '../jobs/StatusBadge';

interface Props {
  record: JobRecord;
  busy: boolean;
  onOpen: () => void;
  onRerun: () => void;
  onDelete: () => void;
  /** Picked for Compare (null: this run cannot be compared yet). */
  selected: boolean | null;
  onSelect: (selected: boolean) => void;
}

export function formatWhen(ms: number): string {
  return new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** One past run; an interrupted one says so in words as well as with its badge. */
export function HistoryRow({ record, busy, onOpen, onRerun, onDelete, selected, onSelect }: Props) {
  const active = record.status === 'queued' || record.status === 'running';
  const when = record.startedAt ?? record.queuedAt;
  return (
    <tr className={`history-row${record.status === 'interrupted' ? ' history-interrupted' : ''}`} data-testid="history-row" data-job-id={record.jobId} data-status={record.status}>
      <td>
        {selected !== null ? (
          <input
            type="checkbox"
            className="history-select"
            checked={selected}
            onChange={(e) => onSelect(e.target.checked)}
            data-testid="history-select"
            aria-label={`Compare the ${record.toolName} run on ${record.project.name}, ${formatWhen(when)}`}
          />
        ) : null}
      </td>
      <td>
        <StatusBadge status={record.status} />
        {record.status === 'interrupted' ? <span className="visually-hidden"> (Hapyy closed while this was running)</span> : null}
      </td>
      <td>
        <span className="cell-main">{record.toolName}</span>
        {record.engine ? <span className="cell-sub muted">{record.engine.name}</span> : null}
      </td>
      <td>
        <span className="cell-main" title={record.project.source}>
          {record.project.name}
        </span>
        <span className="cell-sub muted">{record.project.kind}</span>
      </td>
      <td className="num">{record.durationMs !== null ? formatDuration(record.durationMs) : '—'}</td>
      <td>
        <time dateTime={new Date(when).toISOString()}>{formatWhen(when)}</time>
      </td>
      <td className="actions-cell">
        <button type="button" className="btn btn-small btn-ghost" onClick={onOpen} data-testid="history-open" aria-label={`Open ${record.toolName} run on ${record.project.name}`}>
          Open
        </button>
        <button type="button" className="btn btn-small btn-ghost" onClick={onRerun} disabled={busy} data-testid="history-rerun" aria-label={`Re-run ${record.toolName} on ${record.project.name}`}>
          <Icon name="rerun" />
          Re-run
        </button>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={onDelete}
          disabled={busy || active}
          title={active ? 'Cancel the run before deleting it' : undefined}
          data-testid="history-delete"
          aria-label={`Delete ${record.toolName} run on ${record.project.name}`}
        >
          <Icon name="trash" />
          Delete
        </button>
      </td>
    </tr>
  );
}
