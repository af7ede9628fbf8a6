import { useEffect, useRef, useState } from 'react';
import type { JobRecord, JobView } from '../../../shared/jobs';
import { useAction } from '../../api/use-action';
import { useAnnounce } from '../../app/announcer';
import { useAppState } from '../../app/app-state';
import { Icon } from '../../components/Icon';
import { useProjectLoader } from '../project/project-loader';
import { useTools } from '../tools/tools-context';
import { placeText } from './estimate';
import { JobPlace } from './JobPlace';
import { useQueue } from './queue-context';
import { QueueList } from './QueueList';
import { runBlocker } from './run-blocker';
import { SubmitRefusal } from './SubmitRefusal';
import { WatchToggle } from '../watch/WatchToggle';

/**
 * The top of the workspace: what will run (tool on project), Run (or why not), the shown job's place in line
 * and estimate, pause/resume, and this window's queue.
 */
export function RunHeader({ record }: { record: JobRecord | null }) {
  const { project, toolId, jobId, openJob, view } = useAppState();
  const { tools } = useTools();
  const loader = useProjectLoader();
  const queue = useQueue();
  const submit = useAction('jobs:submit');
  const announce = useAnnounce();
  const [submitted, setSubmitted] = useState<{ view: JobView; at: number } | null>(null);
  const tool = tools?.find((t) => t.tool.id === toolId);
  const blocker = runBlocker({ project, toolId, tools, scanning: loader.scan !== null, submitting: submit.pending });

  const run = async () => {
    if (blocker || !project || !toolId) return;
    const result = await submit.run({ projectId: project.projectId, toolId });
    if (!result.ok) {
      announce(`Not started: ${result.error.message}`, 'assertive');
      return;
    }
    const view = result.value;
    setSubmitted({ view, at: Date.now() });
    openJob(view.record.jobId);
    announce(view.position ? `${view.record.toolName} queued, ${placeText(view.position).toLowerCase()}.` : `${view.record.toolName} started.`);
  };
  const runRef = useRef(run);
  useEffect(() => {
    // Only from the workspace: Ctrl+Enter elsewhere (a settings field) must not start a run out of sight.
    runRef.current = view === 'workspace' ? run : async () => undefined;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        void runRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const queued = queue.status?.jobs.find((v) => v.record.jobId === jobId);
  const fromSubmit = submitted && submitted.view.record.jobId === jobId ? submitted : null;
  const shown: { view: JobView; at: number } | null = queued
    ? { view: queued, at: queue.receivedAt }
    : fromSubmit && record && (record.status === 'queued' || record.status === 'running')
      ? { view: { ...fromSubmit.view, record }, at: fromSubmit.at }
      : null;
  const paused = queue.status?.paused ?? false;

  return (
    <div className="run-header">
      <div className="run-header-row">
        <div className="run-title">
          <h1 className="run-tool">{tool ? tool.tool.name : 'No tool picked'}</h1>
          <span className="run-project muted">{project ? `on ${project.name}` : 'No project open'}</span>
        </div>
        <div className="run-actions">
          <WatchToggle disabled={loader.scan !== null} />
          <button
            type="button"
            className="btn"
            onClick={() => void queue.setPaused(!paused)}
            disabled={queue.toggling || !queue.status}
            data-testid="queue-toggle"
          >
            <Icon name={paused ? 'play' : 'pause'} />
            {paused ? 'Resume queue' : 'Pause queue'}
          </button>
          <button
            type="button"
            className="btn btn-primary btn-run"
            onClick={() => void run()}
            disabled={blocker !== null}
            aria-describedby={blocker ? 'run-reason' : undefined}
            aria-keyshortcuts="Control+Enter Meta+Enter"
            data-testid="run-button"
          >
            <Icon name="play" />
            Run
          </button>
        </div>
      </div>
      <div className="run-status-row">
        {blocker ? (
          <p className="run-reason" id="run-reason" data-testid="run-reason">
            {blocker}
          </p>
        ) : (
          <p className="run-reason muted">Ready · Ctrl+Enter runs</p>
        )}
        {paused ? (
          <span className="badge badge-warning" data-testid="queue-paused">
            <Icon name="pause" /> Queue paused
          </span>
        ) : null}
        {queue.status ? (
          <span className="muted small" data-testid="queue-counts">
            {queue.status.waiting} waiting · {queue.status.running} running
          </span>
        ) : null}
      </div>
      {submit.error ? <SubmitRefusal error={submit.error} onDismiss={submit.clearError} /> : null}
      {shown ? <JobPlace view={shown.view} receivedAt={shown.at} queue={queue.status} /> : null}
      {queue.status ? <QueueList status={queue.status} receivedAt={queue.receivedAt} /> : null}
    </div>
  );
}
