import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildPolicy, sandboxExecArgs } from './sandbox';

/** Where macOS keeps sandbox-exec; never looked up on PATH (a PATH entry could shadow it). */
export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

/**
 * Runs `/usr/bin/true` under the profile a run would get. sandbox-exec is deprecated by Apple and a future macOS may
 * refuse a profile; only a real start tells, and until it succeeds runs are not called sandboxed.
 */
export async function probeSeatbelt(): Promise<{ ok: boolean; detail: string }> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'hapyy-seatbelt-probe-')));
  try {
    const input = path.join(dir, 'input');
    await mkdir(input);
    const policy = await buildPolicy({ platform: 'darwin', runDirs: [dir], writable: [input], cwd: input, command: '/usr/bin/true', args: [], pathVar: undefined, tmpfsBytes: null });
    const { execa } = await import('execa');
    const r = await execa(SANDBOX_EXEC, [...sandboxExecArgs(policy), '/usr/bin/true'], { reject: false, timeout: 10_000, stdin: 'ignore', all: true, cwd: input });
    if (r.exitCode === 0) return { ok: true, detail: 'the Seatbelt sandbox (sandbox-exec) works on this Mac' };
    return { ok: false, detail: `sandbox-exec cannot start a sandbox here: ${String(r.all ?? '').trim() || r.shortMessage}` };
  } catch (e) {
    return { ok: false, detail: `sandbox-exec is not usable here (${e instanceof Error ? e.message : String(e)})` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
