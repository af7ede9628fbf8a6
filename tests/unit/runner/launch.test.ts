import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { spawnHere, type LaunchRequest } from '../../../main/runner/launch';

// Both ways spawnHere starts a tool, run for real on this machine: child_process (POSIX) and execa (the Windows
// path, chosen by `platform`; its .cmd-shim handling itself can only be exercised on Windows).
const request = (platform: NodeJS.Platform): LaunchRequest => ({
  file: '/bin/sh',
  args: ['-c', 'echo "out $1 $ONLY [${HOME-unset}]"; echo err >&2; exit 3', 'sh', 'a b'],
  cwd: '/',
  env: { PATH: '/usr/bin:/bin', ONLY: 'this' },
  platform,
  procRoot: '/proc',
});

describe('spawnHere', () => {
  it.each(['linux', 'win32'] as const)('%s: both streams, the exit code, the pid, and only the given environment', async (platform) => {
    const launched = await spawnHere(request(platform));
    expect(launched.pid).toBeGreaterThan(0);
    const [out, err, exit] = await Promise.all([text(launched.stdout!), text(launched.stderr!), launched.exited]);
    expect(out).toBe('out a b this [unset]\n');
    expect(err).toBe('err\n');
    expect(exit).toEqual({ code: 3, signal: null });
    await launched.closed;
  });

  it.each(['linux', 'win32'] as const)('%s: a missing program is an error result, not a throw', async (platform) => {
    const launched = await spawnHere({ ...request(platform), file: '/nonexistent/tool' });
    const exit = await launched.exited;
    expect('error' in exit && (exit.error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
