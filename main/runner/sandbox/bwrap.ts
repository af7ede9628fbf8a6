import type { SandboxPolicy } from './policy';

/** The namespaces and privileges part: no network, own PID/IPC/UTS space, new session, no capabilities. */
const ISOLATION = [
  // Dies with the app; a new session, so the tool cannot push keystrokes into a terminal (TIOCSTI).
  '--die-with-parent',
  '--new-session',
  // No network namespace peer: no TCP/UDP anywhere, and abstract Unix sockets of the host are out of reach.
  '--unshare-net',
  // Own PID space: ending bwrap ends every process inside.
  '--unshare-pid',
  '--unshare-ipc',
  '--unshare-uts',
  '--unshare-cgroup-try',
  // A tool run as root cannot remount anything writable or read what only capabilities would open.
  '--cap-drop',
  'ALL',
] as const;

interface Mount {
  at: string;
  args: string[];
}

const depth = (p: string): number => p.split('/').filter(Boolean).length;

/**
 * bubblewrap's arguments for a policy, up to and including `--`. The root is an empty tmpfs that holds only what
 * the policy names, made read-only once everything is mounted; mounts go parent before child (a private /tmp
 * before a tool folder inside it, /etc before the secrets hidden in it).
 */
export function bwrapArgs(p: SandboxPolicy): string[] {
  const mounts: Mount[] = [
    ...p.readOnly.map((d) => ({ at: d, args: ['--ro-bind', d, d] })),
    ...p.symlinks.map((l) => ({ at: l.path, args: ['--symlink', l.target, l.path] })),
    { at: '/dev', args: ['--dev', '/dev'] },
    { at: '/proc', args: ['--proc', '/proc'] },
    {
      at: p.privateTmp.path,
      args: [...(p.privateTmp.sizeBytes === null ? [] : ['--size', String(p.privateTmp.sizeBytes)]), '--tmpfs', p.privateTmp.path],
    },
    ...p.hidden.map((h) => ({ at: h.path, args: h.kind === 'dir' ? ['--tmpfs', h.path] : ['--ro-bind', '/dev/null', h.path] })),
    ...p.writable.map((d) => ({ at: d, args: ['--bind', d, d] })),
  ];
  // Stable: at equal depth the order above holds (system, links, /dev, /proc, /tmp, hidden, writable).
  const ordered = mounts.map((m, i) => ({ m, i })).sort((a, b) => depth(a.m.at) - depth(b.m.at) || a.i - b.i);
  return [...ISOLATION, ...ordered.flatMap(({ m }) => m.args), '--remount-ro', '/', '--chdir', p.cwd, '--'];
}
