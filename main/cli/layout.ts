import { join } from 'node:path';
import { devLayout, type ResourceLayout } from '../resources';
import { packageVersion } from '../resources/version';
import { bakedVersion } from './baked-version';

/** Set by the installed app's launcher (build/cli/hapyy, hapyy.cmd): its resources folder. */
export const RESOURCES_ENV = 'HAPYY_RESOURCES_PATH';

/**
 * Where the CLI's resources are: an installed app's resources folder (the launcher names it, and the process is
 * the app's own binary running as Node), or this checkout.
 */
export function cliLayout(env: NodeJS.ProcessEnv = process.env): ResourceLayout {
  const res = env[RESOURCES_ENV];
  if (!res) return devLayout();
  return { isPackaged: true, appRoot: join(res, 'app.asar'), resourcesPath: res, execPath: process.execPath, execIsElectron: true };
}

/** The version: the bundle's (installed apps cannot read package.json inside app.asar as plain Node), else package.json's. */
export function cliVersion(layout: ResourceLayout): string {
  return bakedVersion() ?? packageVersion(layout.appRoot);
}
