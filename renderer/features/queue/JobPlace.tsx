import { formatDuration } from '../../../shared/format';
import { activeNote, type JobView, type QueueStatus } from '../../../shared/jobs';
import { useNow } from '../../app/use-now';
import { estimateText, placeText } from './estimate';

/** Where a waiting or running job stands: place in line, queue counts, and a live estimate range. */
export function JobPlace({ view, receivedAt, queue }: { view: JobView; receivedAt: number; queue: QueueStatus | undefined }) {
  const active = view.record.status === 'queued' || view.record.status === 'running';
  const now = useNow(active);
  if (!active) return null;
  const elapsed = Math.max(0, now - receivedAt);
  const paused = queue?.paused ?? false;
  const estimate = estimateText(view, elapsed, paused);
  const counts = queue ? `${queue.waiting} waiting · ${queue.running} running` : null;
  const running = view.record.status === 'running';
  const runningFor = running && view.record.startedAt ? Math.max(0, now - view.record.startedAt) : null;
  return (
    <div className="job-place" data-testid="job-place">
      <span className="job-position" data-testid="job-position">
        {running ? `Running${runningFor !== null && runningFor >= 1000 ? ` for ${formatDuration(Math.floor(runningFor / 1000) * 1000)}` : ''}` : view.position ? placeText(view.position) : 'Waiting'}
        {counts ? <span className="muted"> · {counts}</span> : null}
      </span>
      {activeNote(view.record) ? (
        <span className="job-note" data-testid="job-note">
          {activeNote(view.record)}
        </span>
      ) : null}
      {estimate ? (
        <span className="job-estimate" data-testid="job-estimate">
          {estimate}
        </span>
      ) : null}
    </div>
  );
}
