import path from 'node:path';
import type { RunLimits } from '../../shared/settings';
import { joinCgroupArgs, type RunCgroup } from './cgroups';
import type { Facilities } from './facilities';
import { canWatchTree, PROTECTION } from './protections';
import { buildPolicy, bwrapArgs, sandboxExecArgs, type SandboxPolicy } from './sandbox';

/**
 * The parts of a run folder the tool may write (TOOL_WRITABLE, from the layout). The app's own files beside them
 * (record, log, manifest, diagnostics, owner) stay read-only inside the sandbox: a tool must not forge its record, its
 * log, the list of what it produced or who owns the run.
 */
import { TOOL_WRITABLE } from '../store/layout';
export { TOOL_WRITABLE };

export interface LaunchPlan {
  file: string;
  args: string[];
  /** bubblewrap is in the chain: its processes are spared the SIGTERM round (see tree-kill.ts). */
  sandboxed: boolean;
  protections: string[];
  /** The sandbox policy applied, when there is one. */
  policy: SandboxPolicy | null;
}

export interface LaunchInput {
  command: string;
  args: string[];
  runDirs: string[];
  cwd: string;
  limits: RunLimits;
  sandbox: boolean;
  /** Paths shown read-only besides the system (RunRequest.extraReadOnly). */
  extraReadOnly?: readonly string[];
  /** The tool's PATH (its `#!/usr/bin/env x` interpreter is looked up there). */
  pathVar: string | undefined;
}

/**
 * The command line that actually runs: each wrapper execs the next, so they share one pid (except bwrap, which
 * forks its namespace's init):
 *
 *   [sh: join the run's cgroups, ulimit -f] → [bwrap … --] → tool args…   (prlimit --fsize when there is no cgroup)
 *
 * RLIMIT_AS is deliberately not used: it breaks V8- and JVM-based engines that reserve large address ranges.
 */
export async function planLaunch(
  f: Facilities,
  cgroup: RunCgroup | null,
  i: LaunchInput,
  /** The run's sandbox policy, when the caller started building it earlier (its look-ups overlap other work). */
  policy: Promise<SandboxPolicy | null> = launchPolicy(f, i),
): Promise<LaunchPlan> {
  const chain: string[] = [];
  const protections: string[] = [PROTECTION.envAllowList, PROTECTION.treeKill];
  if (cgroup) {
    // The joining shell sets the file-size limit too: one exec less than a separate prlimit.
    chain.push(...joinCgroupArgs(cgroup.procsFiles, f.prlimit ? i.limits.fileWriteBytes : undefined));
    protections.push(...cgroup.protections);
  } else if (f.prlimit) {
    chain.push(f.prlimit, `--fsize=${i.limits.fileWriteBytes}`, '--');
  }
  if (f.prlimit) protections.push(PROTECTION.rlimitFsize);
  const sandbox = sandboxOf(f, i);
  const rendered = await policy;
  if (sandbox === 'bwrap' && f.bwrap && rendered) {
    chain.push(f.bwrap.path, ...bwrapArgs(rendered));
    protections.push(PROTECTION.bubblewrap, PROTECTION.readOnlySystem, PROTECTION.privateFiles, PROTECTION.noNetwork, PROTECTION.pidNamespace);
  } else if (sandbox === 'seatbelt' && f.seatbelt && rendered) {
    chain.push(f.seatbelt, ...sandboxExecArgs(rendered));
    protections.push(PROTECTION.seatbelt, PROTECTION.readOnlySystem, PROTECTION.privateFiles, PROTECTION.noNetwork);
  }
  const sandboxed = sandbox === 'bwrap';
  if (sandboxed || cgroup) protections.push(PROTECTION.treeEndGuaranteed);
  if (canWatchTree(f.platform)) protections.push(PROTECTION.treeMemoryWatch, PROTECTION.processCountWatch);
  const [file, ...rest] = [...chain, i.command, ...i.args];
  return { file: file ?? i.command, args: rest, sandboxed, protections, policy: sandbox ? rendered : null };
}

/** Which sandbox renders the run's policy: bubblewrap (Linux), Seatbelt (macOS, real paths only), or none. */
function sandboxOf(f: Facilities, i: LaunchInput): 'bwrap' | 'seatbelt' | null {
  if (f.bwrap !== null && i.sandbox) return 'bwrap';
  if (f.seatbelt && i.sandbox) return 'seatbelt';
  return null;
}

/**
 * One policy for the run, whichever sandbox renders it; null without a sandbox. Its look-ups (about twenty) do not
 * depend on the run's cgroup or on its writable folders' contents, so a run starts them while it prepares those.
 */
export function launchPolicy(f: Facilities, i: LaunchInput): Promise<SandboxPolicy | null> {
  const sandbox = sandboxOf(f, i);
  if (!sandbox) return Promise.resolve(null);
  // A size for the private /tmp where bubblewrap can set one; Seatbelt has no tmpfs (and sees real paths only).
  const tmpfsBytes = sandbox === 'bwrap' && f.bwrap?.tmpfsSize ? Math.min(i.limits.fileWriteBytes, i.limits.memoryBytes) : null;
  return buildPolicy({
    platform: f.platform,
    runDirs: i.runDirs,
    writable: i.runDirs.flatMap((d) => TOOL_WRITABLE.map((w) => path.join(d, w))),
    cwd: i.cwd,
    command: i.command,
    args: i.args,
    pathVar: i.pathVar,
    tmpfsBytes,
    ...(i.extraReadOnly ? { extraReadOnly: i.extraReadOnly } : {}),
  });
}
