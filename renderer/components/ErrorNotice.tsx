import type { AppErrorShape } from '../../shared/errors';
import { Icon } from './Icon';

/** An error from main, as the plain sentence main wrote (never a stack or a code dump). */
export function ErrorNotice({ error, title, onRetry, testId }: { error: AppErrorShape | string; title?: string; onRetry?: () => void; testId?: string }) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className="notice notice-error" role="alert" data-testid={testId ?? 'error'}>
      <Icon name="error" className="notice-icon" />
      <div className="notice-body">
        {title ? <strong className="notice-title">{title}</strong> : null}
        <span>{message}</span>
      </div>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
