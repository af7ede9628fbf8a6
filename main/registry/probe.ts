import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildToolEnv } from '../runner/env';
import { boundedRun } from './bounded-run';
export type ProbeResult = { ok: true; version: string } | { ok: false; reason: string };

/**
 * Puts a probe's command line in the run sandbox (the runner's policy: read-only system, the engine's own folder,
 * `workDir` writable, no network); returns it unchanged where there is no sandbox.
 */
export type ProbeWrap = (command: string, args: string[], workDir: string) => Promise<{ file: string; args: string[] }>;

/**
 * Keeps version answers between processes (the engine's: in its data folder). `get` answers only while the files
 * probed are unchanged; only a successful probe is put.
 */
export interface VersionCache {
  get(probe: VersionProbe): Promise<string | null>;
  put(probe: VersionProbe, version: string): Promise<void>;
}

/** One version probe: the files whose content decides the answer (executable, script), its command line, its sandbox. */
export interface VersionProbe {
  files: string[];
  command: string;
  args: string[];
  sandboxed: boolean;
}

const VERSION = /\bv?(\d+\.\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?)\b/;

/**
 * The version an engine printed: the version-ish token of the first line that has one (ShellCheck prints
 * "version: 0.9.0" on its second line, tsc "Version 5.9.3", ruff "ruff 0.6.9"). No token, no version: an
 * answer without one (an error message on exit 0, say) does not make an engine available.
 */
export function parseVersion(output: string): string | undefined {
  for (const line of output.split(/\r?\n/)) {
    const m = VERSION.exec(line);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

const firstLine = (s: string) => s.split(/\r?\n/).find((l) => l.trim())?.trim().slice(0, 200) ?? '';

/**
 * `<command> <prefix> <versionArgs>`: available only when it exits 0 and prints something.
 * A hanging probe is killed (with its children) and reported within `timeoutMs` plus a short drain.
 */
export async function probeVersion(
  command: string,
  args: string[],
  opts: {
    timeoutMs: number;
    label: string;
    env?: Record<string, string>;
    platform?: NodeJS.Platform;
    wrap?: ProbeWrap | undefined;
    /** With the files the answer depends on (default the command): a remembered answer is used, a new one kept. */
    cache?: { store: VersionCache; files?: string[] } | undefined;
  },
): Promise<ProbeResult> {
  const key: VersionProbe | null = opts.cache ? { files: opts.cache.files ?? [command], command, args, sandboxed: opts.wrap !== undefined } : null;
  if (opts.cache && key) {
    const version = await opts.cache.store.get(key).catch(() => null);
    if (version !== null) return { ok: true, version };
  }
  const result = await probeAnswer(command, args, opts);
  if (result.ok && opts.cache && key) await opts.cache.store.put(key, result.version).catch(() => undefined);
  return result;
}

async function probeAnswer(command: string, args: string[], opts: Parameters<typeof probeVersion>[2]): Promise<ProbeResult> {
  const shown = opts.label;
  const r = await probeRun(command, args, opts);
  if (r.kind === 'timeout') return { ok: false, reason: `\`${shown}\` did not answer within ${opts.timeoutMs} ms` };
  if (r.kind === 'failed') return { ok: false, reason: `\`${shown}\` could not run: ${r.message}` };
  if (r.exitCode !== 0) {
    const detail = firstLine(r.stderr) || firstLine(r.stdout);
    return { ok: false, reason: `\`${shown}\` exited with code ${r.exitCode}${detail ? `: ${detail}` : ''}` };
  }
  const version = parseVersion(`${r.stdout}\n${r.stderr}`);
  if (!version) {
    const said = firstLine(r.stdout) || firstLine(r.stderr);
    return { ok: false, reason: `\`${shown}\` printed no version number${said ? `: ${said}` : ''}` };
  }
  return { ok: true, version };
}

/**
 * The probe runs like a tool: the allow-listed environment (no token or key of the app's reaches it), a throwaway
 * HOME and TMPDIR, and the sandbox where there is one. Third-party code is third-party code, even for `--version`.
 */
async function probeRun(command: string, args: string[], opts: Parameters<typeof probeVersion>[2]): ReturnType<typeof boundedRun> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'hapyy-probe-'));
  try {
    const [home, tmp] = [path.join(workDir, 'home'), path.join(workDir, 'tmp')];
    await Promise.all([mkdir(home), mkdir(tmp)]);
    const platform = opts.platform ?? process.platform;
    const env = buildToolEnv({ base: process.env, platform, jobId: `probe-${randomUUID()}`, homeDir: home, tmpDir: tmp, extra: opts.env });
    const line = opts.wrap ? await opts.wrap(command, args, workDir) : { file: command, args };
    return await boundedRun(line.file, line.args, { timeoutMs: opts.timeoutMs, platform, env, extendEnv: false });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
