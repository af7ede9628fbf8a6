import { activeNote, type QueueStatus } from '../../../shared/jobs';
import { useAction } from '../../api/use-action';
import { useAnnounce } from '../../app/announcer';
import { useAppState } from '../../app/app-state';
import { useNow } from '../../app/use-now';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { StatusBadge } from '../jobs/StatusBadge';
import { estimateText, placeText } from './estimate';

/** This window's waiting and running jobs, in queue order, each with Show and Cancel. */
export function QueueList({ status, receivedAt }: { status: QueueStatus; receivedAt: number }) {
  const { jobId, openJob } = useAppState();
  const cancel = useAction('jobs:cancel');
  const announce = useAnnounce();
  const now = useNow(status.jobs.length > 0);
  if (status.jobs.length === 0) return null;
  const elapsed = Math.max(0, now - receivedAt);
  return (
    <div className="queue-list" data-testid="queue-list">
      {cancel.error ? <ErrorNotice error={cancel.error} testId="cancel-error" /> : null}
      <ul aria-label="Queue">
        {status.jobs.map((view) => {
          const r = view.record;
          const estimate = estimateText(view, elapsed, status.paused);
          return (
            <li key={r.jobId} className={`queue-item${r.jobId === jobId ? ' queue-item-current' : ''}`} data-testid="queue-item" data-job-id={r.jobId}>
              <StatusBadge status={r.status} />
              <span className="queue-item-main">
                <span className="queue-item-title">
                  {r.toolName} <span className="muted">on {r.project.name}</span>
                </span>
                <span className="queue-item-sub muted small">
                  {view.position ? `${placeText(view.position)} · ` : ''}
                  {[activeNote(r), estimate].filter(Boolean).join(' · ')}
                </span>
              </span>
              {r.jobId !== jobId ? (
                <button type="button" className="btn btn-small btn-ghost" onClick={() => openJob(r.jobId)}>
                  Show
                </button>
              ) : null}
              <button
                type="button"
                className="btn btn-small"
                data-testid="job-cancel"
                aria-label={`Cancel ${r.toolName} on ${r.project.name}`}
                onClick={async () => {
                  const result = await cancel.run({ jobId: r.jobId });
                  if (result.ok) announce(`${r.toolName} cancelled.`);
                }}
              >
                <Icon name="stop" />
                Cancel
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
