import { probeBwrap } from './bubblewrap';
import { probeCgroups, type CgroupSupport } from './cgroups';
import type { RunnerDeps } from './deps';
import { findExecutable } from './find-executable';
import { probeSeatbelt, SANDBOX_EXEC } from './seatbelt-probe';

/** What this machine offers the runner, probed once per runner. */
export interface Facilities {
  platform: NodeJS.Platform;
  bwrap: { path: string; tmpfsSize: boolean } | null;
  bwrapDetail: string;
  /** macOS: sandbox-exec, when a probe run under the run profile succeeded. */
  seatbelt: string | null;
  seatbeltDetail: string;
  prlimit: string | null;
  prlimitDetail: string;
  cgroups: CgroupSupport;
}

async function locate(given: string | null | undefined, name: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (given === null) return null;
  // A desktop launcher's PATH can be minimal; system helpers live in the usual places anyway.
  return given ?? (await findExecutable(name, [env.PATH, '/usr/bin', '/bin', '/usr/local/bin'].filter(Boolean).join(':')));
}

/** The part of the facilities a version probe's sandbox needs (probe-launch.ts), known before the cgroup probe ends. */
export type SandboxFacilities = Pick<Facilities, 'platform' | 'bwrap'>;

/**
 * `onSandbox` hears the sandbox part as soon as it is known, so a version probe can start in the sandbox while the
 * cgroups are still being probed (a fresh data folder's first `hapyy run`).
 */
export async function probeFacilities(deps: RunnerDeps, onSandbox?: (sandbox: SandboxFacilities) => void): Promise<Facilities> {
  const notLinux = 'Linux only';
  if (deps.platform !== 'linux') {
    const seatbelt = deps.platform === 'darwin' && deps.bwrapPath !== null ? await probeSeatbelt() : null;
    return {
      platform: deps.platform,
      bwrap: null,
      bwrapDetail: notLinux,
      seatbelt: seatbelt?.ok ? SANDBOX_EXEC : null,
      seatbeltDetail: seatbelt?.detail ?? (deps.platform === 'darwin' ? 'turned off for this runner' : 'macOS only'),
      prlimit: null,
      prlimitDetail: notLinux,
      cgroups: { memory: null, pids: null, memoryDetail: notLinux, pidsDetail: notLinux, kill: null, killDetail: notLinux },
    };
  }
  // The throw-away sandbox starts as soon as bwrap and true are found, alongside the cgroup probe (each starts a
  // process): one after the other they made a fresh start wait for both.
  const sandbox = (async () => {
    const [bwrapPath, truePath] = await Promise.all([locate(deps.bwrapPath, 'bwrap', deps.baseEnv), locate(undefined, 'true', deps.baseEnv)]);
    if (!bwrapPath || !truePath) return { bwrap: null, bwrapDetail: deps.bwrapPath === null ? 'turned off for this runner' : 'bubblewrap (bwrap) is not installed' };
    const probe = await probeBwrap(bwrapPath, truePath);
    return { bwrap: probe.ok ? { path: bwrapPath, tmpfsSize: probe.tmpfsSize } : null, bwrapDetail: probe.detail };
  })();
  if (onSandbox) void sandbox.then(({ bwrap }) => onSandbox({ platform: deps.platform, bwrap }), () => undefined);
  const [{ bwrap, bwrapDetail }, prlimit, cgroups] = await Promise.all([
    sandbox,
    locate(deps.prlimitPath, 'prlimit', deps.baseEnv),
    probeCgroups(deps.cgroupRoot),
  ]);
  const prlimitDetail = prlimit ? `prlimit at ${prlimit}` : deps.prlimitPath === null ? 'turned off for this runner' : 'prlimit (util-linux) is not installed';
  return { platform: deps.platform, bwrap, bwrapDetail, seatbelt: null, seatbeltDetail: 'macOS only', prlimit, prlimitDetail, cgroups };
}

/** The probe, or the cached one (`deps.facilitiesCache`) unless `refresh`; a cache that fails is no cache. */
export async function probeFacilitiesCached(deps: RunnerDeps, refresh: boolean, onSandbox?: (sandbox: SandboxFacilities) => void): Promise<Facilities> {
  const cache = deps.facilitiesCache;
  if (cache && !refresh) {
    const hit = await cache.get().catch(() => null);
    if (hit) return hit;
  }
  const found = await probeFacilities(deps, onSandbox);
  if (cache && (found.bwrap !== null || found.seatbelt !== null)) await cache.put(found).catch(() => undefined);
  return found;
}
