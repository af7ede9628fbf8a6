import { useState } from 'react';
import { formatCount } from '../../../shared/format';
import { previousRun } from '../../../shared/compare';
import type { JobRecord } from '../../../shared/jobs';
import { useChannel } from '../../api/use-channel';
import { useAction } from '../../api/use-action';
import { useAnnounce } from '../../app/announcer';
import { useAppState } from '../../app/app-state';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';

/** Cancel while active; afterwards export the results as a .zip, reveal the run folder, run it again. */
export function ResultActions({ record }: { record: JobRecord }) {
  const { openJob, openCompare } = useAppState();
  const announce = useAnnounce();
  const cancel = useAction('jobs:cancel');
  const exporter = useAction('results:export');
  const reveal = useAction('results:reveal');
  const rerun = useAction('jobs:rerun');
  const [saved, setSaved] = useState<{ jobId: string; path: string; entries: number } | null>(null);
  const active = record.status === 'queued' || record.status === 'running';
  // Asked again when this run ends, so a run just finished finds the one before it.
  const history = useChannel('jobs:list', active ? null : {}, record.jobId);
  const previous = history.data ? previousRun(history.data, record.jobId) : null;
  const error = cancel.error ?? exporter.error ?? reveal.error ?? rerun.error;

  const doExport = async () => {
    const result = await exporter.run({ jobId: record.jobId });
    if (result.ok && result.value) {
      setSaved({ jobId: record.jobId, ...result.value });
      announce(`Saved ${formatCount(result.value.entries)} files to ${result.value.path}.`);
    }
  };
  const doRerun = async () => {
    const result = await rerun.run({ jobId: record.jobId });
    if (result.ok) {
      openJob(result.value.record.jobId);
      announce(`${record.toolName} submitted again.`);
    }
  };

  return (
    <div className="result-actions">
      <div className="button-row">
        {active ? (
          <button
            type="button"
            className="btn"
            data-testid="cancel-job"
            disabled={cancel.pending}
            onClick={async () => {
              const result = await cancel.run({ jobId: record.jobId });
              if (result.ok) announce(`${record.toolName} cancelled.`);
            }}
          >
            <Icon name="stop" />
            Cancel run
          </button>
        ) : (
          <>
            <button type="button" className="btn" data-testid="export-button" disabled={exporter.pending} onClick={() => void doExport()}>
              <Icon name="download" />
              {exporter.pending ? 'Exporting…' : 'Export .zip'}
            </button>
            <button type="button" className="btn" data-testid="reveal-button" onClick={() => void reveal.run({ jobId: record.jobId })}>
              <Icon name="reveal" />
              Reveal in file manager
            </button>
            <button type="button" className="btn" data-testid="rerun-button" disabled={rerun.pending} onClick={() => void doRerun()}>
              <Icon name="rerun" />
              Run again
            </button>
            {previous ? (
              <button type="button" className="btn" data-testid="compare-previous" onClick={() => openCompare({ a: previous.jobId, b: record.jobId })}>
                <Icon name="compare" />
                Compare with previous
              </button>
            ) : null}
          </>
        )}
      </div>
      {saved && saved.jobId === record.jobId ? (
        <p className="small" data-testid="export-result">
          <Icon name="check" /> Saved {formatCount(saved.entries)} files to <span className="mono">{saved.path}</span>
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} testId="result-action-error" /> : null}
    </div>
  );
}
