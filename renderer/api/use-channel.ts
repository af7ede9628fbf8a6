import { useCallback, useEffect, useState } from 'react';
import type { ChannelName, ChannelRequest, ChannelResponse } from '../../shared/contract';
import type { AppErrorShape } from '../../shared/errors';
import { call } from './call';

export interface ChannelState<T> {
  data: T | undefined;
  error: AppErrorShape | null;
  loading: boolean;
  /** Asks again, keeping the current data on screen meanwhile. */
  reload: () => void;
  /** Replaces the data locally (an event brought a newer value). */
  setData: (update: (prev: T | undefined) => T) => void;
}

interface Settled<T> {
  /** channel + request: data for the same request stays on screen while it is asked again. */
  base: string | null;
  /** base + refreshKey + reload count: what the last answer was for. */
  key: string | null;
  data: T | undefined;
  error: AppErrorShape | null;
}

/**
 * Reads one channel and unwraps its Result into { data, error, loading }. `request` null means "not now".
 * The request is compared by value (JSON), so an inline object literal does not refetch on every render.
 * `refreshKey` is not sent: a change to it asks again (e.g. when a job finishes).
 */
export function useChannel<C extends ChannelName>(
  channel: C,
  request: ChannelRequest<C> | null,
  refreshKey = '',
): ChannelState<ChannelResponse<C>> {
  type T = ChannelResponse<C>;
  const body = request === null ? null : JSON.stringify(request);
  const base = body === null ? null : `${channel} ${body}`;
  const [nonce, setNonce] = useState(0);
  const key = base === null ? null : `${base} ${refreshKey} ${nonce}`;
  const [settled, setSettled] = useState<Settled<T>>({ base: null, key: null, data: undefined, error: null });

  useEffect(() => {
    if (body === null) return;
    let live = true;
    const requestBase = `${channel} ${body}`;
    const requestKey = `${requestBase} ${refreshKey} ${nonce}`;
    void call(channel, JSON.parse(body) as ChannelRequest<C>).then((result) => {
      if (!live) return;
      setSettled((prev) => ({
        base: requestBase,
        key: requestKey,
        // A failed reload keeps what was shown; a failed first load has nothing to keep.
        data: result.ok ? result.value : prev.base === requestBase ? prev.data : undefined,
        error: result.ok ? null : result.error,
      }));
    });
    return () => {
      live = false;
    };
  }, [channel, body, refreshKey, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback(
    (update: (prev: T | undefined) => T) => setSettled((prev) => (prev.base === base ? { ...prev, data: update(prev.data) } : prev)),
    [base],
  );

  const sameRequest = base !== null && settled.base === base;
  return {
    data: sameRequest ? settled.data : undefined,
    error: sameRequest && settled.key === key ? settled.error : null,
    loading: key !== null && settled.key !== key,
    reload,
    setData,
  };
}
