import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors';
import { findAppRoot } from './app-root';
import { refuseInsideAsar } from './asar';

/**
 * The one place that knows where bundled resources live, in a checkout and in an installed app.
 * Plain Node: main/app passes Electron's facts in, the CLI and tests use devLayout().
 * The packaged paths mirror `extraResources` in electron-builder.yml.
 */

/** Where the app runs from. In Electron: app.isPackaged, app.getAppPath(), process.resourcesPath, process.execPath. */
export interface ResourceLayout {
  isPackaged: boolean;
  appRoot: string;
  resourcesPath: string;
  execPath: string;
  /**
   * Whether execPath is an Electron binary, which acts as Node only with ELECTRON_RUN_AS_NODE=1.
   * Default: true when packaged or when this process is Electron (`electron .` in a checkout).
   */
  execIsElectron?: boolean;
}

/** How to run a bundled Node script: `command [script, ...args]` with `env` added to the child's environment. */
export interface NodeRuntime {
  command: string;
  env: Record<string, string>;
}

export interface BundledResources {
  /** resources/examples/<tool-id>/<example-id>/ */
  examplesDir: string;
  /** typescript/bin/tsc, a Node script (run it with nodeRuntime, never directly). */
  tscPath: string;
  /** PNG for the window icon. */
  iconPath: string;
  nodeRuntime: NodeRuntime;
}

export function resolveResources(layout: ResourceLayout): BundledResources {
  const execIsElectron = layout.execIsElectron ?? (layout.isPackaged || process.versions.electron !== undefined);
  const nodeRuntime: NodeRuntime = {
    command: refuseInsideAsar('Node runtime', layout.execPath),
    env: execIsElectron ? { ELECTRON_RUN_AS_NODE: '1' } : {},
  };
  if (layout.isPackaged) {
    const res = layout.resourcesPath;
    return {
      examplesDir: refuseInsideAsar('examples', join(res, 'examples')),
      tscPath: refuseInsideAsar('TypeScript compiler', join(res, 'typescript', 'bin', 'tsc')),
      iconPath: join(res, 'icon.png'),
      nodeRuntime,
    };
  }
  const root = layout.appRoot;
  return {
    examplesDir: refuseInsideAsar('examples', join(root, 'resources', 'examples')),
    tscPath: refuseInsideAsar('TypeScript compiler', join(root, 'node_modules', 'typescript', 'bin', 'tsc')),
    iconPath: join(root, 'build', 'icons', '512x512.png'),
    nodeRuntime,
  };
}

/** The layout of a development checkout: the CLI and tests. appRoot defaults to the checkout this module is in. */
export function devLayout(appRoot?: string): ResourceLayout {
  const root = appRoot ?? findAppRoot(dirname(fileURLToPath(import.meta.url)));
  return {
    isPackaged: false,
    appRoot: root,
    resourcesPath: join(root, 'resources'),
    execPath: process.execPath,
    execIsElectron: process.versions.electron !== undefined,
  };
}

/** Bundled Node scripts by the resource id a `bundled-node` engine names in `commands` (shared/tools.ts). */
export const BUNDLED_SCRIPT_IDS = ['tsc'] as const;
export type BundledScriptId = (typeof BUNDLED_SCRIPT_IDS)[number];

export function isBundledScriptId(id: string): id is BundledScriptId {
  return (BUNDLED_SCRIPT_IDS as readonly string[]).includes(id);
}

/** The argv and extra environment that run a bundled script: spawn(command, [...args, ...toolArgs], env). */
export function bundledNodeCommand(
  resources: BundledResources,
  id: string,
): { command: string; args: string[]; env: Record<string, string> } {
  if (!isBundledScriptId(id)) {
    throw new AppError('unavailable', `Hapyy does not bundle a script called "${id}".`, { id });
  }
  const script = { tsc: resources.tscPath }[id];
  return { command: resources.nodeRuntime.command, args: [script], env: { ...resources.nodeRuntime.env } };
}

export { findAppRoot, APP_PACKAGE_NAME } from './app-root';
export { isInsideAsar, refuseInsideAsar } from './asar';
export { findMissingResources, type MissingResource } from './check';
