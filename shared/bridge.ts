import type { HapyyApi } from './api';
import { splitChannel } from './api';
import type { ChannelName, EventName } from './contract';
import type { Result } from './errors';
import { DROP_TOKEN_CHANNEL } from './preload-channels';

/** The transport under `window.hapyy`: Electron's ipcRenderer in the preload, a Playwright binding in the E2E page. */
export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Subscribe to one event; the listener receives only the payload (never Electron's event object). */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  /** A dropped File's path on disk (Electron's webUtils), or '' where there is none. Stays inside the bridge. */
  pathForFile(file: File): string;
}

const NO_PATH = 'Hapyy could not tell where the dropped item is. Use “Open folder…” instead.';

/** The contract's names, and nothing else of it: what the preload needs without carrying zod and every schema. */
export interface ContractNames {
  channels: readonly ChannelName[];
  events: readonly EventName[];
}

/**
 * Builds `window.hapyy` from the contract's channel names, so adding a channel adds its method here with no edit.
 * The result is a plain frozen object of functions, safe to pass through contextBridge. Only type imports from the
 * contract: the real preload gets the names from the build (virtual:hapyy-contract-names), tests from the contract.
 */
export function createApi(transport: BridgeTransport, names: ContractNames): HapyyApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of names.channels) {
    const [ns, method] = splitChannel(channel);
    api[ns] ??= {};
    api[ns][method] = (request?: unknown) => transport.invoke(channel, request ?? {});
  }
  for (const ns of Object.values(api)) Object.freeze(ns);
  const known = new Set<string>(names.events);
  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!known.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('A listener must be a function.');
    return transport.subscribe(event, (payload) => listener(payload));
  };
  // The path goes straight to main, which answers with a token bound to this window; the page gets only the token.
  const dropToken = async (file: File): Promise<Result<string>> => {
    const path = transport.pathForFile(file);
    if (!path) return { ok: false, error: { code: 'invalid-input', message: NO_PATH } };
    return (await transport.invoke(DROP_TOKEN_CHANNEL, { path })) as Result<string>;
  };
  return Object.freeze({ ...api, on, dropToken }) as unknown as HapyyApi;
}
