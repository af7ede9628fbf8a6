import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES } from 'virtual:hapyy-contract-names';
import { createApi } from '../shared/bridge';
import { eventChannel } from '../shared/event-channel';
import type { Result } from '../shared/errors';

/**
 * The only bridge between the page and main. The page gets `window.hapyy` (typed by shared/api.ts) and nothing else:
 * no ipcRenderer, no Electron event objects. Bundled into one CommonJS file so it runs in a sandboxed renderer.
 */
const api = createApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<Result<unknown>>,
  subscribe(event, listener) {
    const channel = eventChannel(event);
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  // Used only inside the bridge (dropToken): the path goes to main on the preload-only drop channel, and the page
  // gets back a one-use token, never the path.
  pathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
}, { channels: CHANNEL_NAMES, events: EVENT_NAMES });

contextBridge.exposeInMainWorld('hapyy', api);
