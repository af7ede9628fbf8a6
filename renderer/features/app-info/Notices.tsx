import { useState } from 'react';
import type { Notice } from '../../../shared/contract';
import { useEvent } from '../../api/use-event';
import { useAnnounce } from '../../app/announcer';
import { Icon } from '../../components/Icon';

interface Keyed extends Notice {
  key: string;
}

let counter = 0;
const LEVEL_WORDS = { info: 'Note: ', warning: 'Warning: ', error: 'Error: ' } as const;

/** Notices from main (at start-up in appInfo.notices, later as `app:notice`), as banners the user can dismiss. */
export function Notices({ initial }: { initial: readonly Notice[] }) {
  const [events, setEvents] = useState<Keyed[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const announce = useAnnounce();
  useEvent('app:notice', (notice) => {
    counter += 1;
    const key = `event-${counter}`;
    setEvents((list) => [...list, { ...notice, key }]);
    announce(notice.message, notice.level === 'error' ? 'assertive' : 'polite');
  });
  const items = [...initial.map((n, i) => ({ ...n, key: `start-${i}` })), ...events].filter((n) => !dismissed.has(n.key));
  if (items.length === 0) return null;
  return (
    <div className="notices" data-testid="notices">
      {items.map((n) => (
        <div key={n.key} className={`notice notice-${n.level}`} data-testid="notice" data-level={n.level}>
          <Icon name={n.level} className="notice-icon" />
          <span className="notice-body">
            <span className="visually-hidden">{LEVEL_WORDS[n.level]}</span>
            {n.message}
          </span>
          <button
            type="button"
            className="btn btn-icon"
            aria-label="Dismiss notice"
            onClick={() => setDismissed((s) => new Set([...s, n.key]))}
            data-testid="notice-dismiss"
          >
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}
