import { useEffect, useRef, useState } from 'react';
import type { WatchEvent, WatchInfo } from '../../../shared/watch';
import { useAction } from '../../api/use-action';
import { call } from '../../api/call';
import { useEvent } from '../../api/use-event';
import { useAnnounce } from '../../app/announcer';
import { useAppState } from '../../app/app-state';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';

function describe(e: WatchEvent): string {
  switch (e.type) {
    case 'synced':
      return `${e.copied} changed, ${e.removed} removed`;
    case 'unchanged':
      return 'Nothing a run would see changed';
    case 'run':
      return 'Running on the latest files';
    case 'stale-cancelled':
      return 'Cancelled a run on older files';
    case 'error':
      return e.message;
    case 'stopped':
      return 'Stopped';
  }
}

/**
 * Watch: runs the picked tool on the open folder again whenever its files settle after a change; the console and
 * results follow the newest run. Stops when switched off, or when the project or the tool changes.
 */
export function WatchToggle({ disabled }: { disabled: boolean }) {
  const { project, toolId, openJob } = useAppState();
  const start = useAction('watch:start');
  const announce = useAnnounce();
  const [started, setStarted] = useState<{ info: WatchInfo; projectId: string; toolId: string } | null>(null);
  const [last, setLast] = useState<string | null>(null);
  const watch = started && started.projectId === project?.projectId && started.toolId === toolId ? started.info : null;
  const canWatch = !disabled && project?.kind === 'folder' && toolId !== null;

  // The first run starts before watch:start answers: its events wait here until the watch id is known.
  const early = useRef<WatchEvent[]>([]);
  const follow = (e: WatchEvent) => {
    setLast(describe(e));
    if (e.type === 'run') openJob(e.jobId);
    if (e.type === 'error') announce(`Watch: ${e.message}`, 'assertive');
  };
  useEvent('watch:event', (e) => {
    if (!watch) early.current = [...early.current, e].slice(-20);
    else if (e.watchId === watch.watchId) follow(e);
  });

  // A watch belongs to the project and tool it started with: picking another one ends it.
  useEffect(() => {
    if (!watch) return;
    return () => {
      void call('watch:stop', { watchId: watch.watchId });
    };
  }, [watch]);

  const toggle = async () => {
    if (start.pending) return;
    if (watch) {
      setStarted(null);
      setLast(null);
      announce('Watch stopped.');
      return;
    }
    if (!project || !toolId) return;
    early.current = [];
    const result = await start.run({ projectId: project.projectId, toolId });
    if (result.ok) {
      setStarted({ info: result.value, projectId: project.projectId, toolId });
      for (const e of early.current) if (e.watchId === result.value.watchId) follow(e);
      early.current = [];
      announce(`Watching ${result.value.projectName}: a change runs the tool again.`);
    }
  };

  return (
    <div className="watch-toggle">
      <button
        type="button"
        role="switch"
        aria-checked={watch !== null}
        className={`btn${watch ? ' btn-watching' : ''}`}
        onClick={() => void toggle()}
        // Not `disabled` while starting: a button that becomes disabled drops the keyboard focus.
        disabled={!canWatch && !watch}
        aria-busy={start.pending || undefined}
        title={project && project.kind !== 'folder' ? 'Only a folder can be watched' : undefined}
        data-testid="watch-toggle"
      >
        <Icon name={watch ? 'dot' : 'reveal'} />
        {watch ? 'Watching' : 'Watch'}
      </button>
      {watch && last ? (
        <span className="muted small" data-testid="watch-status">
          {last}
        </span>
      ) : null}
      {start.error ? <ErrorNotice error={start.error} testId="watch-error" /> : null}
    </div>
  );
}
