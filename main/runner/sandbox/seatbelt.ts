import type { SandboxPolicy } from './policy';

/**
 * The same policy as a macOS Seatbelt profile (SBPL) for `sandbox-exec`. Deny by default; paths travel as
 * `-D` parameters, never spliced into the profile text, so no path can change the profile's meaning. Seatbelt
 * checks real paths, so the policy's paths must be real ones (/private/tmp, not /tmp). macOS has no mount
 * namespace: there is no private /tmp; the tool's TMPDIR is its run's tmp/, and /tmp itself is out of bounds.
 * Later rules win in SBPL, so the hidden paths' denials come after the allowances.
 */
export interface SeatbeltProfile {
  profile: string;
  params: Record<string, string>;
}

/** The fixed part: what any program needs to start (exec, fork, its own signals, sysctl reads, the null devices). */
const BASE = `(version 1)
(deny default)
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))
(allow sysctl-read)
(allow ipc-posix-sem)
(allow ipc-posix-shm-read-data)
(allow mach-lookup (global-name "com.apple.system.opendirectoryd.libinfo") (global-name "com.apple.system.logger"))
(allow file-read-metadata (literal "/") (literal "/private") (literal "/private/var") (literal "/var") (literal "/tmp"))
(allow file-read* file-write-data (literal "/dev/null") (literal "/dev/zero") (literal "/dev/dtracehelper") (literal "/dev/tty"))
(allow file-read* (literal "/dev/random") (literal "/dev/urandom"))
; no network: nothing below allows network-outbound, network-bind or network-inbound (Unix sockets included)`;

function group(op: string, filter: 'subpath' | 'literal', key: string, paths: readonly string[], params: Record<string, string>): string[] {
  if (paths.length === 0) return [];
  const filters = paths.map((p, i) => {
    params[`${key}_${i}`] = p;
    return `  (${filter} (param "${key}_${i}"))`;
  });
  return [`(${op}`, ...filters, ')'];
}

export function seatbeltProfile(p: SandboxPolicy): SeatbeltProfile {
  const params: Record<string, string> = {};
  const lines = [
    BASE,
    '; read-only: the system, the engine\'s own folder, the app\'s bundled resources',
    ...group('allow file-read*', 'subpath', 'READ', p.readOnly, params),
    ...group('allow file-read*', 'literal', 'LINK', p.symlinks.map((l) => l.path), params),
    '; the run\'s own folders',
    ...group('allow file-read* file-write*', 'subpath', 'WRITE', p.writable, params),
    '; never, even inside a folder above',
    ...group('deny file-read* file-write*', 'subpath', 'HIDE', p.hidden.map((h) => h.path), params),
  ];
  return { profile: `${lines.join('\n')}\n`, params };
}

/** `sandbox-exec` arguments before the tool's command line. */
export function sandboxExecArgs(p: SandboxPolicy): string[] {
  const { profile, params } = seatbeltProfile(p);
  return ['-p', profile, ...Object.entries(params).flatMap(([k, v]) => ['-D', `${k}=${v}`])];
}
