import { createApi } from '../../shared/bridge';
import { CHANNEL_NAMES, EVENT_NAMES, type EventName } from '../../shared/contract';
import type { Result } from '../../shared/errors';

/**
 * The E2E stand-in for preload/index.ts: the same `createApi` over a Playwright binding instead of ipcRenderer.
 * Injected with addInitScript before the app's scripts run. Only the transport differs from the real preload.
 */
declare global {
  interface Window {
    __hapyyInvoke(channel: string, payload: unknown): Promise<Result<unknown>>;
    __hapyyEmit(event: string, payload: unknown): void;
    /**
     * Tests put a dropped file's path here by name (harness.ts dropPath): Chromium has no webUtils.getPathForFile, so
     * this is the stand-in for it. The path then goes to main's token registry as the real preload sends it.
     */
    __hapyyDropPaths?: Record<string, string>;
  }
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();
window.__hapyyEmit = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload);
};

const api = createApi({
  invoke: (channel, payload) => window.__hapyyInvoke(channel, payload),
  subscribe(event: EventName, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
  pathForFile: (file) => window.__hapyyDropPaths?.[file.name] ?? '',
}, { channels: CHANNEL_NAMES, events: EVENT_NAMES });

Object.defineProperty(window, 'hapyy', { value: api, writable: false, configurable: false });
