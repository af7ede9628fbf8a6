import { countOf, formatBytes, formatDuration } from '../../../shared/format';
import type { JobRecord } from '../../../shared/jobs';
import { Icon } from '../../components/Icon';
import { StatusBadge } from '../jobs/StatusBadge';
import { headline } from '../jobs/status';
import { ResultActions } from './ResultActions';

/** The answer first: status, a plain-language explanation, then the facts (exit code, time, engine). */
export function ResultSummary({ record }: { record: JobRecord }) {
  const active = record.status === 'queued' || record.status === 'running';
  const head = headline(record);
  return (
    <section className={`result-summary tone-${head.tone}`} data-testid="result-summary" data-status={record.status} aria-label="Result">
      <div className="result-head">
        <StatusBadge status={record.status} />
        <h2 className="result-title" data-testid="result-title">
          {active ? (record.status === 'queued' ? 'Waiting to start' : 'Running…') : head.title}
        </h2>
      </div>
      {record.message ? (
        <p className="result-message" data-testid="result-message">
          {record.message}
        </p>
      ) : null}
      <dl className="facts">
        <Fact label="Exit code" value={record.exitCode !== null ? String(record.exitCode) : record.signal ? `signal ${record.signal}` : '—'} testId="fact-exit" />
        <Fact label="Duration" value={record.durationMs !== null ? formatDuration(record.durationMs) : '—'} testId="fact-duration" />
        <Fact label="Engine" value={record.engine ? `${record.engine.name} ${record.engine.version}` : 'none'} testId="fact-engine" />
        <Fact label="Time limit" value={`${record.timeoutSec} s`} />
        <Fact label="Output" value={`${countOf(record.outputLines, 'line')} · ${formatBytes(record.outputBytes)}`} />
        {record.peakMemoryBytes !== null ? <Fact label="Peak memory" value={formatBytes(record.peakMemoryBytes)} /> : null}
      </dl>
      {record.notes.length > 0 ? (
        <ul className="result-notes" data-testid="result-notes" aria-label="Notes on these results">
          {record.notes.map((note) => (
            <li key={note}>
              <Icon name="warning" /> {note}
            </li>
          ))}
        </ul>
      ) : null}
      {record.protections.length > 0 ? (
        <p className="muted small protections-line" data-testid="result-protections">
          <Icon name="shield" /> Protected by {record.protections.join(', ')}
        </p>
      ) : null}
      {!active && record.engine !== null && !record.protections.includes('bubblewrap') ? (
        <p className="small unsandboxed-line" data-testid="result-unsandboxed" role="note">
          <Icon name="warning" /> This run was not sandboxed: the tool could use the network and read and write wherever your
          user can (it still worked on a private copy of the project).
        </p>
      ) : null}
      {record.systemError ? (
        <details className="disclosure">
          <summary>Technical details</summary>
          <p className="mono small">{record.systemError}</p>
        </details>
      ) : null}
      <ResultActions record={record} />
    </section>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
