import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Result } from '../../shared/errors';
import type { ProjectSummary } from '../../shared/projects';
import { DROP_TOKEN_CHANNEL } from '../../shared/preload-channels';
import { SettingsSchema, type Settings } from '../../shared/settings';
import type { Caller, Router } from '../../main/ipc/router';
import { appOriginPolicy, APP_ORIGIN } from '../../main/ipc/router';
import { devLayout } from '../../main/resources';
import { createServices, type Desktop, type Services } from '../../main/ipc/services';

export const ROOT = resolve(import.meta.dirname, '../..');

/** A caller from the app's own page (what the ipcMain adapter produces for a window). */
export function appCaller(clientId = 'window:1'): Caller {
  return { clientId, url: `${APP_ORIGIN}/index.html`, topFrame: true };
}

/**
 * Opens a project the way a drop on window `clientId` does: the path goes over the preload's private channel
 * (Router.handlePreload, the same token registry the real preload's ipcRenderer call reaches) for a one-use token,
 * then `projects:open` with that token. The drop itself is the one stand-in (nobody drags in a test), like the
 * native dialogs below. The Result is exactly what the window would get.
 */
export async function openDropped(router: Router, path: string, options: { clientId?: string; scanId?: string } = {}): Promise<Result<ProjectSummary>> {
  const caller = appCaller(options.clientId);
  const token = (await router.handlePreload(DROP_TOKEN_CHANNEL, { path }, caller)) as Result<string>;
  if (!token.ok) return token;
  const scan = options.scanId === undefined ? {} : { scanId: options.scanId };
  return (await router.handle('projects:open', { token: token.value, ...scan }, caller)) as Result<ProjectSummary>;
}

export interface TestServices extends Services {
  dataDir: string;
  dispose(): Promise<void>;
}

/** The real main-process services over a temporary data folder; dialogs are the only stand-in. */
export async function startServices(overrides: Partial<Settings> = {}, desktop?: Partial<Desktop>): Promise<TestServices> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hapyy-svc-'));
  const services = await createServices({
    dataDir,
    runtime: devLayout(ROOT),
    // Native dialogs are the one stand-in; a confirmation is refused unless a test says otherwise.
    desktop: { pickProject: async () => null, pickSavePath: async () => null, reveal: () => undefined, confirmChanges: async () => false, ...desktop },
    trustSender: appOriginPolicy([APP_ORIGIN]),
    validateResponses: true,
    settings: SettingsSchema.parse(overrides),
  });
  return {
    ...services,
    dataDir,
    async dispose() {
      await services.shutdown();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
