import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createApi } from '../shared/bridge';
import { eventChannel } from '../shared/contract';
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
  pathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
});

contextBridge.exposeInMainWorld('hapyy', api);
