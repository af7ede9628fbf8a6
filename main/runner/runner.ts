import type { Protection } from '../../shared/contract';
import { cgroupParents, sweepStaleCgroups } from './cgroups';
import { defaultDeps, type RunnerDeps } from './deps';
import { probeFacilities, probeFacilitiesCached, type Facilities, type SandboxFacilities } from './facilities';
import { sharedFolderWalker } from './folder-walker';
import { killLeftoverProcesses } from './leftovers';
import { planProbe } from './probe-launch';
import { spawnHere, type Launched, type LaunchRequest } from './launch';
import { ProcSampler } from './proc-sampler';
import { sharedSpawnHelper } from './spawn-helper';
import { describeProtections } from './protections';
import { ToolRun } from './tool-run';
import type { RunOutcome, RunRequest } from './types';

export interface DetectProtectionsOptions {
  /** The user's sandbox setting (default on): bubblewrap counts as active only when it is on. */
  sandbox?: boolean;
  /** Probe again instead of using what was found earlier (e.g. after the user installed bwrap). */
  refresh?: boolean;
}

export interface Runner {
  runTool(req: RunRequest): Promise<RunOutcome>;
  detectProtections(opts?: DetectProtectionsOptions): Promise<Protection[]>;
  killLeftovers(jobIds: string[]): Promise<number>;
  /** Ends every live run (as 'cancelled') and waits until their trees are gone. The app calls it before it quits. */
  endAllRuns(): Promise<void>;
  /** Runs in progress. */
  liveRuns(): number;
  /** A version probe's command line in the run sandbox (`workDir` writable), where bubblewrap works. */
  wrapProbe(command: string, args: string[], workDir: string): Promise<{ file: string; args: string[] }>;
}

export function createRunner(overrides: Partial<RunnerDeps> = {}): Runner {
  const deps: RunnerDeps = { ...defaultDeps(), ...overrides };
  let facilities: Promise<Facilities> | null = null;
  // The sandbox part alone, settled as soon as it is known (at the latest with the whole probe): version probes wait
  // for this, not for the cgroup probe too.
  let sandbox: Promise<SandboxFacilities> | null = null;
  const probe = (refresh = false): Promise<Facilities> => {
    if (!facilities || refresh) {
      let early: (s: SandboxFacilities) => void = () => undefined;
      const part = new Promise<SandboxFacilities>((resolve) => (early = resolve));
      const whole = probeFacilitiesCached(deps, refresh, (s) => early(s));
      sandbox = Promise.race([part, whole]);
      // Awaited only by version probes, which may never come: a failed probe must not be an unhandled rejection.
      sandbox.catch(() => undefined);
      facilities = whole;
      // Once per runner, in the background: what killed processes left in the cgroup folders goes.
      if (!refresh) void whole.then((f) => sweepStaleCgroups(cgroupParents(f.cgroups))).catch(() => undefined);
    }
    return facilities;
  };
  const probeSandbox = (): Promise<SandboxFacilities> => {
    if (!sandbox) probe().catch(() => undefined);
    return sandbox ?? probe();
  };
  const live = new Map<ToolRun, Promise<RunOutcome>>();
  const sampler = new ProcSampler({ platform: deps.platform, procRoot: deps.procRoot, everyMs: deps.sampleMs });
  let launches = 0;
  const launch = async (r: LaunchRequest): Promise<Launched> => {
    launches += 1;
    if (deps.startTools !== 'helper' || deps.platform !== 'linux') return spawnHere(r);
    const helper = sharedSpawnHelper();
    // Starting the helper is one Node start (~50 ms of CPU): not worth it for a single run (`hapyy run` on one
    // file). From this runner's second run on it is started in the background; runs use it once it answers.
    if (!helper.ready) {
      if (launches > 1) helper.warm();
      return spawnHere(r);
    }
    // A helper that cannot start (e.g. an Electron build without run-as-node) must not stop work.
    return helper.launch(r).catch((e: unknown) => (helper.startFailed(e) ? spawnHere(r) : Promise.reject(e)));
  };

  return {
    async runTool(req) {
      // A failed probe must not stop work: run with the protections that need no probing.
      const facilitiesForRun = () => probe().catch(() => probeFacilities({ ...deps, bwrapPath: null, prlimitPath: null, cgroupRoot: null }));
      const run = new ToolRun(req, deps, facilitiesForRun, sampler, launch, sharedFolderWalker().bytes);
      const done = run.execute();
      live.set(run, done);
      try {
        return await done;
      } finally {
        live.delete(run);
      }
    },
    async detectProtections(opts = {}) {
      return describeProtections(await probe(opts.refresh), opts.sandbox ?? true);
    },
    async killLeftovers(jobIds) {
      return killLeftoverProcesses(deps, await probe(), jobIds);
    },
    async endAllRuns() {
      for (const run of live.keys()) run.stop('shutdown');
      await Promise.all(live.values());
    },
    liveRuns: () => live.size,
    async wrapProbe(command, args, workDir) {
      const f = await probeSandbox().catch(() => null);
      return f ? planProbe(f, deps.baseEnv.PATH, command, args, workDir) : { file: command, args };
    },
  };
}
