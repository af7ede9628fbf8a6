import { useState } from 'react';
import type { AppErrorShape, Result } from '../../../shared/errors';
import { formatCount } from '../../../shared/format';
import type { JobRecord } from '../../../shared/jobs';
import { call } from '../../api/call';
import { useChannel } from '../../api/use-channel';
import { useEvent } from '../../api/use-event';
import { useAnnounce } from '../../app/announcer';
import { useAppState } from '../../app/app-state';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { HistoryRow } from './HistoryRow';
import { groupRuns } from './group-runs';

/** Past runs, newest first: open, run again, delete one, or clear them all. */
export function HistoryView() {
  const list = useChannel('jobs:list', {});
  const { openJob, openCompare } = useAppState();
  const [picked, setPicked] = useState<string[]>([]);
  const announce = useAnnounce();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<AppErrorShape | null>(null);
  const { reload } = list;
  useEvent('job:finished', reload);
  useEvent('job:queued', reload);

  /** Runs one row action; its result carries the sentence to announce. */
  const act = async (id: string, action: () => Promise<Result<string>>) => {
    setBusy(id);
    setActionError(null);
    const result = await action();
    setBusy(null);
    if (!result.ok) {
      setActionError(result.error);
      announce(result.error.message, 'assertive');
      return;
    }
    announce(result.value);
    reload();
  };
  const rerun = (r: JobRecord) =>
    act(r.jobId, async () => {
      const res = await call('jobs:rerun', { jobId: r.jobId });
      if (!res.ok) return res;
      openJob(res.value.record.jobId);
      return { ok: true, value: `${r.toolName} submitted again.` };
    });
  const remove = (r: JobRecord) =>
    act(r.jobId, async () => {
      const res = await call('jobs:delete', { jobId: r.jobId });
      return res.ok ? { ok: true, value: 'Run deleted.' } : res;
    });
  const clear = () =>
    act('*', async () => {
      const res = await call('history:clear', {});
      return res.ok ? { ok: true, value: `Removed ${formatCount(res.value.removed)} runs.` } : res;
    });

  const records = [...(list.data ?? [])].sort((a, b) => b.queuedAt - a.queuedAt);
  // Runs deleted meanwhile drop out of the selection; the older of the two picked is A.
  const chosen = records.filter((r) => picked.includes(r.jobId));
  const compare = () => {
    const [newer, older] = chosen;
    if (newer && older) openCompare({ a: older.jobId, b: newer.jobId });
  };
  const select = (jobId: string, on: boolean) => setPicked((prev) => (on ? [...prev.filter((id) => id !== jobId), jobId].slice(-2) : prev.filter((id) => id !== jobId)));
  return (
    <div className="view" aria-labelledby="history-heading">
      <header className="view-header">
        <h1 id="history-heading">History</h1>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          onClick={compare}
          disabled={chosen.length !== 2}
          title={chosen.length !== 2 ? 'Tick two finished runs to compare them' : undefined}
          data-testid="history-compare"
        >
          <Icon name="compare" />
          Compare{chosen.length > 0 ? ` (${chosen.length} of 2)` : ''}
        </button>
        <button type="button" className="btn btn-ghost" onClick={reload} data-testid="history-refresh">
          <Icon name="refresh" />
          Refresh
        </button>
        <button type="button" className="btn btn-danger-ghost" onClick={() => setConfirming(true)} disabled={records.length === 0} data-testid="history-clear">
          <Icon name="trash" />
          Clear history
        </button>
      </header>
      {actionError ? <ErrorNotice error={actionError} testId="history-action-error" /> : null}
      {list.loading && !list.data ? <Loading label="Loading history…" testId="history-loading" /> : null}
      {list.error ? <ErrorNotice error={list.error} title="History could not be read" onRetry={reload} testId="history-error" /> : null}
      {list.data && records.length === 0 ? (
        <EmptyState icon="clock" title="No runs yet" testId="history-empty">
          Runs you start appear here, with their results, for as long as Settings → Retention keeps them.
        </EmptyState>
      ) : null}
      {records.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="Past runs">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Pick for compare</span>
                </th>
                <th scope="col">Status</th>
                <th scope="col">Tool</th>
                <th scope="col">Project</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col">Time</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groupRuns(records).flatMap((item) => {
                const rows = item.kind === 'run' ? [item.record] : item.records;
                const row = (r: JobRecord) => (
                  <HistoryRow
                    key={r.jobId}
                    record={r}
                    busy={busy === r.jobId}
                    onOpen={() => openJob(r.jobId)}
                    onRerun={() => void rerun(r)}
                    onDelete={() => void remove(r)}
                    selected={r.status === 'queued' || r.status === 'running' ? null : picked.includes(r.jobId)}
                    onSelect={(on) => select(r.jobId, on)}
                  />
                );
                if (item.kind === 'run') return rows.map(row);
                const first = item.records[0] as JobRecord;
                return [
                  <tr key={item.watchId} className="history-group" data-testid="history-watch-group" data-watch-id={item.watchId}>
                    <th scope="rowgroup" colSpan={7}>
                      Watch: {first.toolName} on {first.project.name} · {formatCount(item.records.length)} run{item.records.length === 1 ? '' : 's'}
                    </th>
                  </tr>,
                  ...rows.map(row),
                ];
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Clear history?"
          message={`This deletes ${formatCount(records.length)} past runs and their files from this computer. It cannot be undone.`}
          confirmLabel="Clear history"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void clear();
          }}
        />
      ) : null}
    </div>
  );
}
