import { join } from 'node:path';

/**
 * Every name in the data folder and in a run folder, defined once. Nothing else in main/ spells them.
 *
 * ```
 * <data dir>/settings.json  recent.json  sandbox-probe.json  engine-versions.json  staging/<session>/  runs/<jobId>/
 *   input/ output/ tmp/ home/  run.log  run.json  manifest.json  diagnostics.json
 * ```
 */
export const DATA_LAYOUT = {
  runs: 'runs',
  staging: 'staging',
  settings: 'settings.json',
  recent: 'recent.json',
  /** Written once the run and staging folders of an older version were tightened (private-modes.ts). */
  tightened: '.private-modes-v1',
  /** This data folder's identity towards a shared pool (which pool jobs are its own, to reattach after a restart). */
  poolClient: 'pool-client.json',
  /** The machine's sandbox probe, kept between processes (services/facilities-cache.ts). */
  sandboxProbe: 'sandbox-probe.json',
  /** Engines' version answers, kept between processes (services/version-cache.ts). */
  engineVersions: 'engine-versions.json',
} as const;

export const RUN_LAYOUT = {
  /** The private copy of the project (intake); the tool's working folder. */
  input: 'input',
  /** What the tool writes when its arguments name {output}. */
  output: 'output',
  /** TMPDIR and HOME for the tool: scratch, never shown. */
  tmp: 'tmp',
  home: 'home',
  /** The full output, stdout and stderr interleaved with stream tags. */
  log: 'run.log',
  /** The job record. */
  record: 'run.json',
  /** What intake copied (paths, sizes, times), to tell produced files from inputs. */
  manifest: 'manifest.json',
  /** The parsed findings. */
  diagnostics: 'diagnostics.json',
  /** Which live process owns the run (see run-owner.ts). */
  owner: 'owner.json',
  /** Which shared-pool job runs this run (present only for runs handed to a pool). */
  pool: 'pool.json',
} as const;

/** The folders of a run that the tool may write; everything else in the run folder is the app's. */
export const TOOL_WRITABLE = [RUN_LAYOUT.input, RUN_LAYOUT.output, RUN_LAYOUT.tmp, RUN_LAYOUT.home] as const;

export type RunPaths = { readonly [K in keyof typeof RUN_LAYOUT]: string } & { readonly root: string };

/** Absolute paths of one run folder's parts. */
export function runPaths(runDir: string): RunPaths {
  const paths = { root: runDir } as Record<string, string>;
  for (const [key, name] of Object.entries(RUN_LAYOUT)) paths[key] = join(runDir, name);
  return paths as RunPaths;
}
