import { useState } from 'react';
import type { Diagnostic, Severity } from '../../../shared/diagnostics';
import { countDiagnostics } from '../../../shared/diagnostics';
import { formatCount } from '../../../shared/format';
import type { JobRecord } from '../../../shared/jobs';
import { useChannel } from '../../api/use-channel';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon, type IconName } from '../../components/Icon';
import { Loading } from '../../components/Loading';

const SEVERITY: Record<Severity, { label: string; icon: IconName }> = {
  error: { label: 'Error', icon: 'error' },
  warning: { label: 'Warning', icon: 'warning' },
  info: { label: 'Note', icon: 'info' },
};
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** "Note · style": the engine's own level, when it says more than the three-level label. */
function levelText(d: Diagnostic): string {
  const label = SEVERITY[d.severity].label;
  const own = d.engineSeverity?.toLowerCase();
  return own && own !== d.severity && own !== label.toLowerCase() ? `${label} · ${own}` : label;
}
const PAGE = 500;

/** What the tool found, by file and line; choosing one opens that file at that line. */
export function DiagnosticsList({ record, onOpen }: { record: JobRecord; onOpen: (d: Diagnostic) => void }) {
  const finished = record.status !== 'queued' && record.status !== 'running';
  const diagnostics = useChannel('jobs:diagnostics', finished ? { jobId: record.jobId } : null);
  const [shown, setShown] = useState(PAGE);
  if (!finished) return <EmptyState icon="clock" title="Problems appear here when the run finishes." testId="diagnostics-pending" />;
  if (diagnostics.loading && !diagnostics.data) return <Loading label="Reading problems…" testId="diagnostics-loading" />;
  if (diagnostics.error) return <ErrorNotice error={diagnostics.error} title="Problems" onRetry={diagnostics.reload} testId="diagnostics-error" />;
  const list = [...(diagnostics.data ?? [])].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || RANK[a.severity] - RANK[b.severity],
  );
  if (list.length === 0 && record.diagnosticsProblem) {
    return <EmptyState icon="warning" title={`No problems could be read: ${record.diagnosticsProblem}.`} testId="diagnostics-unread" />;
  }
  if (list.length === 0) return <EmptyState icon="check" title="No problems reported." testId="diagnostics-empty" />;
  const counts = countDiagnostics(list);
  return (
    <div className="diagnostics">
      {record.diagnosticsProblem ? (
        <p className="diagnostics-partial small" role="note" data-testid="diagnostics-partial">
          <Icon name="warning" /> Incomplete: {record.diagnosticsProblem}.
        </p>
      ) : null}
      <p className="diagnostics-summary muted small" data-testid="diagnostics-summary">
        {formatCount(counts.error)} errors · {formatCount(counts.warning)} warnings · {formatCount(counts.info)} notes
      </p>
      <ul className="diagnostics-list" aria-label="Problems">
        {list.slice(0, shown).map((d, i) => {
          const sev = SEVERITY[d.severity];
          const where = `${d.file}:${d.line}${d.column ? `:${d.column}` : ''}`;
          return (
            <li key={`${where}:${d.code}:${i}`}>
              <button
                type="button"
                className={`diagnostic sev-${d.severity}`}
                onClick={() => onOpen(d)}
                data-testid="diagnostic-item"
                data-file={d.file}
                data-line={d.line}
                aria-label={`${sev.label} at ${where}: ${d.message}. Open the file at this line.`}
              >
                <span className="diagnostic-sev">
                  <Icon name={sev.icon} />
                  {levelText(d)}
                </span>
                <span className="diagnostic-where mono">{where}</span>
                <span className="diagnostic-message">{d.message}</span>
                {d.code ? <span className="diagnostic-code mono muted">{d.code}</span> : null}
              </button>
              {d.ruleUrl ? (
                <a className="diagnostic-rule small" href={d.ruleUrl} target="_blank" rel="noreferrer" aria-label={`About ${d.code || 'this rule'} (opens in your browser)`}>
                  rule
                </a>
              ) : null}
            </li>
          );
        })}
      </ul>
      {list.length > shown ? (
        <button type="button" className="btn btn-small" onClick={() => setShown(shown + PAGE * 4)}>
          Show more ({formatCount(list.length - shown)} left)
        </button>
      ) : null}
    </div>
  );
}
