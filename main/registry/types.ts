import type { Settings } from '../../shared/settings';
import type { EngineDef, ToolDef } from '../../shared/tools';
import type { ProbeWrap, VersionCache } from './probe';

/** How to run a bundled Node script: `{ command: process.execPath, env: {} }` in dev and the CLI; the Electron binary with `ELECTRON_RUN_AS_NODE=1` when packaged. */
export interface NodeRuntime {
  command: string;
  env: Record<string, string>;
}

export interface RegistryOptions {
  /** Read on every detect()/tools(): enginePaths (per tool id) and customTools (raw; validated entry by entry here). */
  settings: () => Settings;
  /** Bundled-node resource id → absolute script path, e.g. `{ tsc: '<root>/node_modules/typescript/bin/tsc' }`. */
  bundled: Record<string, string>;
  nodeRuntime: NodeRuntime;
  /** PATH to search; default process.env.PATH. */
  envPath?: string;
  platform?: NodeJS.Platform;
  /** Windows only: extensions to try; default process.env.PATHEXT or the Windows default. */
  pathExt?: string;
  /**
   * Extra PATH merged after envPath. Default: on macOS the login shell's PATH (apps started from Finder do not
   * inherit it), elsewhere nothing. Injectable for tests.
   */
  loginShellPath?: () => Promise<string | undefined>;
  /** Per probe; a probe that hangs is killed and reported unavailable within it. Default 3000. */
  probeTimeoutMs?: number;
  /** Puts each version probe in the run sandbox (the runner's); none = probes run with the clean environment only. */
  probeWrap?: ProbeWrap;
  /** Keeps version answers between processes (tied to the probed files as they are); none = probe every time. */
  versionCache?: VersionCache;
  /** Tools probed at once. Default: all of them (each probe mostly waits on its process). */
  concurrency?: number;
}

export interface ResolvedEngine {
  tool: ToolDef;
  engine: EngineDef;
  info: { id: string; name: string; version: string; path: string };
  /** Absolute executable to spawn (for bundled-node: nodeRuntime.command). */
  command: string;
  /** For bundled-node: [scriptPath]. */
  argsPrefix: string[];
  /** Extra environment: nodeRuntime.env for bundled-node; PATH when the search PATH differs from the process's. */
  env: Record<string, string>;
}
