import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../shared/contract';

/** Subscribes to a main→renderer event for the component's lifetime; the latest listener is always called. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    const off = window.hapyy.on(event, (payload) => latest.current(payload));
    return off;
  }, [event]);
}
