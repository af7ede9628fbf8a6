import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { AppErrorShape } from '../../../shared/errors';
import type { QueueStatus } from '../../../shared/jobs';
import { call } from '../../api/call';
import { useChannel } from '../../api/use-channel';
import { useEvent } from '../../api/use-event';
import { useAnnounce } from '../../app/announcer';

export interface QueueState {
  status: QueueStatus | undefined;
  /** When `status` arrived: estimates in it count down from here. */
  receivedAt: number;
  error: AppErrorShape | null;
  toggling: boolean;
  setPaused: (paused: boolean) => Promise<void>;
}

const QueueContext = createContext<QueueState | null>(null);

/** The queue as this window sees it: `queue:status` once, then every `queue:status` event. */
export function QueueProvider({ children }: { children: ReactNode }) {
  const queue = useChannel('queue:status', {});
  const announce = useAnnounce();
  const [receivedAt, setReceivedAt] = useState(() => Date.now());
  const [toggling, setToggling] = useState(false);
  const [toggleError, setToggleError] = useState<AppErrorShape | null>(null);
  const { setData, reload } = queue;
  useEvent('queue:status', (status) => {
    setData(() => status);
    setReceivedAt(Date.now());
  });
  // Job events change counts too; ask again in case a status event was missed while loading.
  useEvent('job:finished', () => reload());

  const setPaused = useCallback(
    async (paused: boolean) => {
      setToggling(true);
      setToggleError(null);
      const result = await call(paused ? 'queue:pause' : 'queue:resume', {});
      setToggling(false);
      if (result.ok) {
        setData(() => result.value);
        setReceivedAt(Date.now());
        announce(paused ? 'Queue paused. Running jobs finish; waiting jobs stay until you resume.' : 'Queue resumed.');
      } else {
        setToggleError(result.error);
        announce(result.error.message, 'assertive');
      }
    },
    [announce, setData],
  );

  const value = useMemo<QueueState>(
    () => ({ status: queue.data, receivedAt, error: toggleError ?? queue.error, toggling, setPaused }),
    [queue.data, receivedAt, toggleError, queue.error, toggling, setPaused],
  );
  return <QueueContext.Provider value={value}>{children}</QueueContext.Provider>;
}

export function useQueue(): QueueState {
  const state = useContext(QueueContext);
  if (!state) throw new Error('useQueue needs a <QueueProvider> above it.');
  return state;
}
