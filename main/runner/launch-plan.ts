import path from 'node:path';
import type { RunLimits } from '../../shared/settings';
import { bwrapArgs, foldersUnderTmp } from './bubblewrap';
import { joinCgroupArgs, type RunCgroup } from './cgroups';
import type { Facilities } from './facilities';
import { canWatchTree, PROTECTION } from './protections';

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
}

/**
 * The command line that actually runs: each wrapper execs the next, so they share one pid (except bwrap, which
 * forks its namespace's init):
 *
 *   [sh: join the run's cgroups] → [prlimit --fsize] → [bwrap … --] → tool args…
 *
 * RLIMIT_AS is deliberately not used: it breaks V8- and JVM-based engines that reserve large address ranges.
 */
export function planLaunch(f: Facilities, cgroup: RunCgroup | null, i: LaunchInput): LaunchPlan {
  const chain: string[] = [];
  const protections: string[] = [PROTECTION.envAllowList, PROTECTION.treeKill];
  if (cgroup) {
    chain.push(...joinCgroupArgs(cgroup.procsFiles));
    protections.push(...cgroup.protections);
  }
  if (f.prlimit) {
    chain.push(f.prlimit, `--fsize=${i.limits.fileWriteBytes}`, '--');
    protections.push(PROTECTION.rlimitFsize);
  }
  const sandboxed = f.bwrap !== null && i.sandbox;
  if (f.bwrap && sandboxed) {
    const tmpfsBytes = f.bwrap.tmpfsSize ? Math.min(i.limits.fileWriteBytes, i.limits.memoryBytes) : null;
    const writable = i.runDirs.flatMap((d) => TOOL_WRITABLE.map((w) => path.join(d, w)));
    const exposeUnderTmp = [...foldersUnderTmp(i.command, i.args, i.runDirs), ...(i.extraReadOnly ?? [])];
    chain.push(f.bwrap.path, ...bwrapArgs({ runDirs: writable, cwd: i.cwd, tmpfsBytes, exposeUnderTmp }));
    protections.push(PROTECTION.bubblewrap, PROTECTION.readOnlySystem, PROTECTION.noNetwork, PROTECTION.pidNamespace);
  }
  if (canWatchTree(f.platform)) protections.push(PROTECTION.treeMemoryWatch, PROTECTION.processCountWatch);
  const [file, ...rest] = [...chain, i.command, ...i.args];
  return { file: file ?? i.command, args: rest, sandboxed, protections };
}
