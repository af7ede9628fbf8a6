import type { AppErrorShape } from '../../../shared/errors';
import { useNow } from '../../app/use-now';
import { Icon } from '../../components/Icon';
import { retryAtOf, retryText } from './retry';

const TITLES: Partial<Record<AppErrorShape['code'], string>> = {
  'queue-full': 'The queue is full',
  limit: 'You have reached a limit',
  unavailable: 'This tool cannot run here',
  rejected: 'This project cannot be run',
};

/** A refused submit, explained: what happened (main's words) and when trying again will work. */
export function SubmitRefusal({ error, onDismiss }: { error: AppErrorShape; onDismiss: () => void }) {
  const retryAt = retryAtOf(error.details);
  const now = useNow(retryAt !== null);
  const install = Array.isArray(error.details?.install) ? error.details.install.filter((s): s is string => typeof s === 'string') : [];
  const fallback = error.code === 'queue-full' ? 'Try again when a job has finished.' : error.code === 'limit' ? 'Try again when one of your jobs has finished.' : '';
  const retry = error.code === 'queue-full' || error.code === 'limit' ? retryText(retryAt, now, fallback) : '';
  return (
    <div className="notice notice-error" role="alert" data-testid="submit-refused" data-code={error.code}>
      <Icon name="error" className="notice-icon" />
      <div className="notice-body">
        <strong className="notice-title">{TITLES[error.code] ?? 'The run was not started'}</strong>
        <span>{error.message}</span>
        {retry ? <span data-testid="retry-text">{retry}</span> : null}
        {install.length > 0 ? (
          <ul className="plain-list small">
            {install.map((hint) => (
              <li key={hint}>{hint}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <button type="button" className="btn btn-icon" aria-label="Dismiss" onClick={onDismiss}>
        <Icon name="close" />
      </button>
    </div>
  );
}
