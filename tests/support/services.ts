import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SettingsSchema, type Settings } from '../../shared/settings';
import type { Caller } from '../../main/ipc/router';
import { appOriginPolicy, APP_ORIGIN } from '../../main/ipc/router';
import { devLayout } from '../../main/resources';
import { createServices, type Desktop, type Services } from '../../main/ipc/services';

export const ROOT = resolve(import.meta.dirname, '../..');

/** A caller from the app's own page (what the ipcMain adapter produces for a window). */
export function appCaller(clientId = 'window:1'): Caller {
  return { clientId, url: `${APP_ORIGIN}/index.html`, topFrame: true };
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
