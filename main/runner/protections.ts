import type { Protection } from '../../shared/contract';
import type { Facilities } from './facilities';

/** Protection ids, also used in RunOutcome.protections for the ones in force during a run. */
export const PROTECTION = {
  envAllowList: 'env-allow-list',
  bubblewrap: 'bubblewrap',
  seatbelt: 'seatbelt',
  noNetwork: 'no-network',
  readOnlySystem: 'read-only-system',
  privateFiles: 'private-files',
  pidNamespace: 'pid-namespace',
  cgroupMemory: 'cgroup-memory',
  cgroupPids: 'cgroup-pids',
  treeMemoryWatch: 'tree-memory-watch',
  processCountWatch: 'process-count-watch',
  rlimitFsize: 'rlimit-fsize',
  rlimitNproc: 'rlimit-nproc',
  treeKill: 'tree-kill',
  cgroupKill: 'cgroup-kill',
  /** The whole tree ends for certain (a PID namespace or a cgroup), detached processes included. */
  treeEndGuaranteed: 'tree-end-guaranteed',
} as const;

/** Whether this platform can see a process tree's members and memory (Linux /proc, macOS ps). */
export const canWatchTree = (platform: NodeJS.Platform): boolean => platform !== 'win32';

/** Whether a run's whole tree ends for certain: its own PID namespace (bubblewrap) or a cgroup it cannot leave. */
export function treeEndGuaranteed(f: Facilities, sandbox: boolean): boolean {
  if (f.platform !== 'linux') return false;
  return (f.bwrap !== null && sandbox) || f.cgroups.memory !== null || f.cgroups.pids !== null || (f.cgroups.kill ?? null) !== null;
}

export function describeProtections(f: Facilities, sandbox: boolean): Protection[] {
  const win = f.platform === 'win32';
  const linux = f.platform === 'linux';
  const mac = f.platform === 'darwin';
  const bwrapOn = f.bwrap !== null && sandbox;
  const seatbeltOn = f.seatbelt !== null && sandbox;
  const offInSettings = (f.bwrap !== null || f.seatbelt !== null) && !sandbox;
  const bwrapWhy = offInSettings
    ? `${linux ? 'bubblewrap is installed' : 'the Seatbelt sandbox is available'} but the sandbox is turned off in Settings`
    : linux
      ? f.bwrapDetail
      : mac
        ? f.seatbeltDetail
        : 'there is no sandbox on Windows; here the tool can reach the network and read and write wherever your user can (it still works on a private copy of the project)';
  const viaBwrap = (id: string, label: string, detail: string): Protection => ({
    id,
    label,
    active: bwrapOn,
    detail: bwrapOn ? detail : `Not in force: ${linux || offInSettings ? bwrapWhy : 'bubblewrap exists only on Linux'}.`,
  });
  /** What either sandbox provides: the same policy, rendered for bwrap or Seatbelt. */
  const viaSandbox = (id: string, label: string, detail: string): Protection => ({
    id,
    label,
    active: bwrapOn || seatbeltOn,
    detail: bwrapOn || seatbeltOn ? detail : `Not in force: ${bwrapWhy}.`,
  });
  const watch = canWatchTree(f.platform);
  return [
    {
      id: PROTECTION.envAllowList,
      label: 'Clean environment',
      active: true,
      detail: 'The tool gets PATH, locale settings and its own HOME and TMPDIR inside the run folder; other variables (tokens, keys) are not passed on.',
    },
    viaBwrap(PROTECTION.bubblewrap, 'Sandbox (bubblewrap)', `The tool runs in a bubblewrap sandbox (${f.bwrap?.path ?? ''}).`),
    {
      id: PROTECTION.seatbelt,
      label: 'Sandbox (Seatbelt)',
      active: seatbeltOn,
      detail: seatbeltOn ? `The tool runs under a Seatbelt profile (${f.seatbelt ?? ''}).` : `Not in force: ${mac ? bwrapWhy : 'Seatbelt exists only on macOS'}.`,
    },
    viaSandbox(PROTECTION.readOnlySystem, 'Read-only system', 'The system\'s folders and the engine\'s own install folder are read-only to the tool; only its own folders in the run (input, output, tmp, home) are writable; /tmp is private (Linux) or out of bounds (macOS).'),
    viaSandbox(PROTECTION.privateFiles, 'Your files hidden', 'The tool does not see your home folder, /root, /run (and the sockets there), /media, /mnt, your original project folder, Hapyy\'s data folder or other runs.'),
    viaSandbox(PROTECTION.noNetwork, 'No network', 'The tool has no network access, and no Unix socket of this machine.'),
    viaBwrap(PROTECTION.pidNamespace, 'Own process space', 'Ending a run ends every process the tool started, even ones that detached.'),
    {
      id: PROTECTION.cgroupMemory,
      label: 'Kernel memory limit',
      active: f.cgroups.memory !== null,
      detail: f.cgroups.memory ? `The kernel caps the memory of the whole run (${f.cgroups.memoryDetail}).` : `Not in force: ${f.cgroups.memoryDetail}.`,
    },
    {
      id: PROTECTION.cgroupPids,
      label: 'Kernel process limit',
      active: f.cgroups.pids !== null,
      detail: f.cgroups.pids ? `The kernel caps the tasks a run may hold, a backstop against fork bombs (${f.cgroups.pidsDetail}).` : `Not in force: ${f.cgroups.pidsDetail}.`,
    },
    {
      id: PROTECTION.cgroupKill,
      label: 'Kernel tree kill',
      active: (f.cgroups.kill ?? null) !== null,
      detail: f.cgroups.kill
        ? `Ending a run ends every process in its cgroup in one step (cgroup.kill), ones that detached included (${f.cgroups.killDetail ?? ''}).`
        : `Not in force: ${f.cgroups.killDetail ?? f.cgroups.pidsDetail}.`,
    },
    {
      id: PROTECTION.treeEndGuaranteed,
      label: 'Detached processes ended too',
      active: treeEndGuaranteed(f, sandbox),
      detail: treeEndGuaranteed(f, sandbox)
        ? 'Every process a run starts is ended with it, even one that starts its own session and clears its environment (bubblewrap\'s PID namespace or the run\'s cgroup).'
        : linux
          ? 'NOT guaranteed here: neither bubblewrap nor a cgroup is available, so a process that starts its own session and clears its environment can outlive its run.'
          : 'NOT guaranteed on this system: a process that detaches from its parent and its process group can outlive its run.',
    },
    {
      id: PROTECTION.treeMemoryWatch,
      label: 'Memory watch',
      active: watch,
      detail: watch
        ? 'The memory of all the tool\'s processes is sampled several times a second; the run is stopped above the limit.'
        : 'Not available on Windows: the memory of the tool\'s processes is not measured or limited (that needs a Job Object).',
    },
    {
      id: PROTECTION.processCountWatch,
      label: 'Process count watch',
      active: watch,
      detail: watch
        ? 'The tool\'s processes are counted several times a second; the run is stopped above the limit.'
        : 'Not available on Windows: the number of the tool\'s processes is not limited.',
    },
    {
      id: PROTECTION.rlimitFsize,
      label: 'File size limit',
      active: f.prlimit !== null,
      detail: f.prlimit
        ? 'A file the tool writes cannot grow past the limit (RLIMIT_FSIZE via prlimit).'
        : `Not in force: ${linux ? f.prlimitDetail : `not enforced on ${win ? 'Windows' : 'this system'}`}.`,
    },
    {
      id: PROTECTION.rlimitNproc,
      label: 'RLIMIT_NPROC',
      active: false,
      detail: 'Not used: it counts every process of your user (and root ignores it). The process limit is enforced by the cgroup or the process count watch instead.',
    },
    {
      id: PROTECTION.treeKill,
      label: 'Nothing left running',
      active: true,
      detail: linux
        ? 'A stopped run ends its whole process tree, found by process group, parent links and a marker in each process\'s environment.'
        : win
          ? 'A stopped run ends its process tree with taskkill /T /F; a process whose parent already exited is not found.'
          : 'A stopped run ends its process tree, found by process group and parent links; a process that detaches from both is not found.',
    },
  ];
}
