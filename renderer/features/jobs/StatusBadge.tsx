import type { JobStatus } from '../../../shared/jobs';
import { Icon } from '../../components/Icon';
import { STATUS_LOOKS } from './status';

/** Status as an icon and a word, so it reads without colour. */
export function StatusBadge({ status }: { status: JobStatus }) {
  const look = STATUS_LOOKS[status];
  return (
    <span className={`status-badge tone-${look.tone}`} data-status={status} data-testid="status-badge">
      <Icon name={look.icon} className={status === 'running' ? 'pulse' : undefined} />
      {look.label}
    </span>
  );
}
