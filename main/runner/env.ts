/**
 * The tool's environment, built from an allow-list so nothing secret in the app's environment
 * (tokens, cloud keys, SSH agent sockets) reaches third-party code.
 */

/** Carried by every process of a run; the tree-kill and `killLeftovers` find detached descendants by it. */
export const JOB_MARKER = 'HAPYY_JOB_ID';

const ALLOWED_POSIX = ['PATH', 'LANG', 'LANGUAGE', 'TZ'];
const ALLOWED_WINDOWS = ['PATH', 'PATHEXT', 'SYSTEMROOT', 'SYSTEMDRIVE', 'COMSPEC', 'WINDIR', 'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE', 'OS'];

export interface ToolEnvOptions {
  base: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  jobId: string;
  homeDir: string;
  tmpDir: string;
  /** What the engine declares it needs; may override the allow-list but never the job marker. */
  extra?: Record<string, string> | undefined;
}

export function buildToolEnv(o: ToolEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  const windows = o.platform === 'win32';
  const allowed = new Set(windows ? ALLOWED_WINDOWS : ALLOWED_POSIX);
  for (const [key, value] of Object.entries(o.base)) {
    if (value === undefined) continue;
    // Windows names are case-insensitive ("Path"); keep the name as found.
    const name = windows ? key.toUpperCase() : key;
    if (allowed.has(name) || (!windows && key.startsWith('LC_'))) env[key] = value;
  }
  // Not a terminal: no cursor tricks or pagers. Colours stay the tool's choice; the UI neutralises ANSI anyway.
  env.TERM = 'dumb';
  env.HOME = o.homeDir;
  env.TMPDIR = o.tmpDir;
  env.TEMP = o.tmpDir;
  env.TMP = o.tmpDir;
  if (windows) env.USERPROFILE = o.homeDir;
  Object.assign(env, o.extra ?? {});
  env[JOB_MARKER] = o.jobId;
  return env;
}
