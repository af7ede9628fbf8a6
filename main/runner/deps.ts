import type { Facilities } from './facilities';

/** The runner's edges, injectable so tests can switch a protection off or point at another /proc. */
export interface RunnerDeps {
  platform: NodeJS.Platform;
  /** Where /proc is (Linux). */
  procRoot: string;
  /** Where cgroup hierarchies are mounted; null = never use cgroups. */
  cgroupRoot: string | null;
  /** bubblewrap (and on macOS sandbox-exec): undefined = look for it; null = never sandbox. */
  bwrapPath: string | null | undefined;
  /** util-linux prlimit (file-size limit): undefined = look on PATH; null = do not use. */
  prlimitPath: string | null | undefined;
  /** The environment the tool's allow-list is taken from. */
  baseEnv: NodeJS.ProcessEnv;
  /** How often the process tree's memory and process count are sampled. */
  sampleMs: number;
  /** How often a stopping tree is re-scanned. */
  pollMs: number;
  /**
   * How tools are started: 'helper' through the small pre-started spawn helper (Linux; see spawn-helper.ts), 'here'
   * with child_process.spawn in this process. The helper falls back to 'here' when it cannot start.
   */
  startTools: 'helper' | 'here';
  /** The run clock, when a request brings none. */
  now: () => number;
  /** Keeps the machine's probe between processes (the engine's: in its data folder); none by default. */
  facilitiesCache?: FacilitiesCache | undefined;
}

/**
 * Where a probe of this machine is remembered. `get` answers only while what was probed is unchanged (the cache
 * checks its own key); only a probe that found a working sandbox is offered to `put`, so a machine that lacks one
 * is asked again every time rather than kept unprotected by an old answer.
 */
export interface FacilitiesCache {
  get(): Promise<Facilities | null>;
  put(facilities: Facilities): Promise<void>;
}

export function defaultDeps(): RunnerDeps {
  return {
    platform: process.platform,
    procRoot: '/proc',
    cgroupRoot: '/sys/fs/cgroup',
    bwrapPath: undefined,
    prlimitPath: undefined,
    baseEnv: process.env,
    sampleMs: 250,
    pollMs: 50,
    startTools: process.platform === 'linux' ? 'helper' : 'here',
    now: Date.now,
  };
}
