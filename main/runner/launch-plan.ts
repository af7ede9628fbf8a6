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
export async function planLaunch(f: Facilities, cgroup: RunCgroup | null, i: LaunchInput): Promise<LaunchPlan> {
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
  const sandboxed = f.bwrap !== null && i.sandbox;
  let policy: SandboxPolicy | null = null;
  // One policy for the run, whichever sandbox renders it.
  const policyFor = (tmpfsBytes: number | null) =>
    buildPolicy({
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
  if (f.bwrap && sandboxed) {
    policy = await policyFor(f.bwrap.tmpfsSize ? Math.min(i.limits.fileWriteBytes, i.limits.memoryBytes) : null);
    chain.push(f.bwrap.path, ...bwrapArgs(policy));
    protections.push(PROTECTION.bubblewrap, PROTECTION.readOnlySystem, PROTECTION.privateFiles, PROTECTION.noNetwork, PROTECTION.pidNamespace);
  } else if (f.seatbelt && i.sandbox) {
    // macOS: the same policy as a Seatbelt profile. Real paths only (Seatbelt sees /private/var, not /var).
    policy = await policyFor(null);
    chain.push(f.seatbelt, ...sandboxExecArgs(policy));
    protections.push(PROTECTION.seatbelt, PROTECTION.readOnlySystem, PROTECTION.privateFiles, PROTECTION.noNetwork);
  }
  if (sandboxed || cgroup) protections.push(PROTECTION.treeEndGuaranteed);
  if (canWatchTree(f.platform)) protections.push(PROTECTION.treeMemoryWatch, PROTECTION.processCountWatch);
  const [file, ...rest] = [...chain, i.command, ...i.args];
  return { file: file ?? i.command, args: rest, sandboxed, protections, policy };
}
