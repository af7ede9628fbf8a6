import { useEvent } from '../../api/use-event';
import { useAnnounce } from '../../app/announcer';
import { headline } from './status';

/** Says out loud when a job starts and how it ended, wherever the user is in the window. */
export function JobAnnouncer() {
  const announce = useAnnounce();
  useEvent('job:started', (view) => announce(`${view.record.toolName} started on ${view.record.project.name}.`));
  useEvent('job:finished', (record) => {
    const head = headline(record);
    announce(`${record.toolName} on ${record.project.name}: ${head.title}.`, head.tone === 'danger' ? 'assertive' : 'polite');
  });
  return null;
}
