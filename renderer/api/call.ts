import { splitChannel } from '../../shared/api';
import type { ChannelName, ChannelRequest, ChannelResponse } from '../../shared/contract';
import type { AppErrorShape, Result } from '../../shared/errors';

type Invoker = (request?: unknown) => Promise<Result<unknown>>;

/**
 * Calls one channel of the contract by its name (`call('jobs:submit', req)` → `window.hapyy.jobs.submit(req)`).
 * Never throws: a broken bridge becomes an `internal` error result, so every caller handles one shape.
 */
export async function call<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResponse<C>>> {
  const [ns, method] = splitChannel(channel);
  // The one cast at the boundary: HapyyApi is derived from the same contract, indexed here by the channel's parts.
  const api = window.hapyy as unknown as Record<string, Record<string, Invoker> | undefined>;
  const fn = api?.[ns]?.[method];
  if (typeof fn !== 'function') return failure('internal', 'Hapyy could not reach its background service.');
  try {
    return (await fn(request)) as Result<ChannelResponse<C>>;
  } catch {
    return failure('internal', 'Hapyy could not reach its background service.');
  }
}

/** A one-use token for a dropped file, to open it with `projects:open`; never throws, like `call`. */
export async function dropToken(file: File): Promise<Result<string>> {
  try {
    return await window.hapyy.dropToken(file);
  } catch {
    return failure('internal', 'Hapyy could not reach its background service.');
  }
}

function failure(code: AppErrorShape['code'], message: string): { ok: false; error: AppErrorShape } {
  return { ok: false, error: { code, message } };
}
