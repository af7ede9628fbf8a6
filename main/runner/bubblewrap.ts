import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RUN_LAYOUT } from '../store/layout';
import { buildPolicy, bwrapArgs } from './sandbox';

export interface BwrapProbe {
  ok: boolean;
  tmpfsSize: boolean;
  detail: string;
}

/**
 * Runs `true` inside the same sandbox a tool gets. bwrap can be installed and still unusable (unprivileged user
 * namespaces disabled, AppArmor), and only a real run tells.
 */
export async function probeBwrap(bwrapPath: string, truePath: string): Promise<BwrapProbe> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hapyy-bwrap-probe-'));
  try {
    await mkdir(path.join(dir, RUN_LAYOUT.input));
    let lastError = '';
    for (const tmpfsBytes of [1024 * 1024, null]) {
      const input = path.join(dir, RUN_LAYOUT.input);
      const policy = await buildPolicy({
        platform: 'linux',
        runDirs: [dir],
        writable: [input],
        cwd: input,
        command: truePath,
        args: [],
        pathVar: undefined,
        tmpfsBytes,
      });
      const args = [...bwrapArgs(policy), truePath];
      const { execa } = await import('execa');
      const r = await execa(bwrapPath, args, { reject: false, timeout: 10_000, stdin: 'ignore', all: true });
      if (r.exitCode === 0) return { ok: true, tmpfsSize: tmpfsBytes !== null, detail: 'bubblewrap works on this machine' };
      lastError = String(r.all ?? '').trim() || r.shortMessage || `exit code ${String(r.exitCode)}`;
    }
    return { ok: false, tmpfsSize: false, detail: `bubblewrap is installed but cannot start a sandbox here: ${lastError}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
