import { describe, expect, it } from 'vitest';
import { buildToolEnv, JOB_MARKER } from '../../../main/runner/env';

const base = {
  PATH: '/usr/bin:/bin',
  LANG: 'de_DE.UTF-8',
  LC_ALL: 'C.UTF-8',
  TZ: 'Europe/Berlin',
  HOME: '/home/user',
  AWS_SECRET_ACCESS_KEY: 'secret',
  GITHUB_TOKEN: 'ghp_x',
  SSH_AUTH_SOCK: '/run/user/1000/ssh',
  NODE_OPTIONS: '--require /evil.js',
  TERM: 'xterm-256color',
};

describe('buildToolEnv', () => {
  it('passes the allow-list, points HOME and TMPDIR into the run folder, adds the marker and nothing else', () => {
    const env = buildToolEnv({ base, platform: 'linux', jobId: 'j1', homeDir: '/r/home', tmpDir: '/r/tmp' });
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      LANG: 'de_DE.UTF-8',
      LC_ALL: 'C.UTF-8',
      TZ: 'Europe/Berlin',
      TERM: 'dumb',
      HOME: '/r/home',
      TMPDIR: '/r/tmp',
      TEMP: '/r/tmp',
      TMP: '/r/tmp',
      [JOB_MARKER]: 'j1',
    });
  });

  it("adds the engine's variables but never lets them replace the job marker", () => {
    const env = buildToolEnv({ base, platform: 'linux', jobId: 'j1', homeDir: '/h', tmpDir: '/t', extra: { JAVA_HOME: '/jdk', [JOB_MARKER]: 'other' } });
    expect(env.JAVA_HOME).toBe('/jdk');
    expect(env[JOB_MARKER]).toBe('j1');
  });

  it('on Windows keeps the system variables whatever their case and sets USERPROFILE', () => {
    const env = buildToolEnv({
      base: { Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', ComSpec: 'cmd.exe', PATHEXT: '.EXE', APPDATA: 'C:\\x', SECRET: 's' },
      platform: 'win32',
      jobId: 'j',
      homeDir: 'C:\\r\\home',
      tmpDir: 'C:\\r\\tmp',
    });
    expect(env).toMatchObject({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', ComSpec: 'cmd.exe', PATHEXT: '.EXE', USERPROFILE: 'C:\\r\\home' });
    expect(env).not.toHaveProperty('APPDATA');
    expect(env).not.toHaveProperty('SECRET');
  });
});
