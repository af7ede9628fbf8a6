import { useCallback, useState } from 'react';
import type { ChannelName, ChannelRequest, ChannelResponse } from '../../shared/contract';
import type { AppErrorShape, Result } from '../../shared/errors';
import { call } from './call';

export interface ActionState<C extends ChannelName> {
  run: (request: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>;
  pending: boolean;
  error: AppErrorShape | null;
  clearError: () => void;
}

/** A channel that changes something (submit, cancel, save): call it on demand, with pending and last error. */
export function useAction<C extends ChannelName>(channel: C): ActionState<C> {
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const run = useCallback(
    async (request: ChannelRequest<C>) => {
      setPending((n) => n + 1);
      setError(null);
      const result = await call(channel, request);
      setPending((n) => n - 1);
      if (!result.ok) setError(result.error);
      return result;
    },
    [channel],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending: pending > 0, error, clearError };
}
