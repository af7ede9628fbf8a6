import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNEL_NAMES, eventChannel, PRELOAD_CHANNEL_NAMES } from '../../shared/contract';
import type { EventHub } from '../ipc/events';
import type { Caller, Router } from '../ipc/router';

/** One of only two files that touch raw IPC. It maps Electron's objects onto the router's plain `Caller`. */
export function registerIpc(ipcMain: IpcMain, router: Router): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => router.handle(channel, payload, callerOf(event)));
  }
  // Reached only by the preload's own ipcRenderer calls: the page has no ipcRenderer and window.hapyy has no such method.
  for (const channel of PRELOAD_CHANNEL_NAMES) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => router.handlePreload(channel, payload, callerOf(event)));
  }
  return () => {
    for (const channel of [...CHANNEL_NAMES, ...PRELOAD_CHANNEL_NAMES]) ipcMain.removeHandler(channel);
  };
}

export function clientIdOf(contents: WebContents): string {
  return `window:${contents.id}`;
}

function callerOf(event: IpcMainInvokeEvent): Caller {
  const frame = event.senderFrame;
  return {
    clientId: clientIdOf(event.sender),
    url: frame?.url ?? '',
    topFrame: frame !== null && frame !== undefined && frame.parent === null,
  };
}

/** Attaches a window to the event hub; detaches when it is destroyed. */
export function attachWindow(hub: EventHub, contents: WebContents): void {
  const detach = hub.attach(clientIdOf(contents), (event, payload) => {
    if (!contents.isDestroyed()) contents.send(eventChannel(event), payload);
  });
  contents.once('destroyed', detach);
}
