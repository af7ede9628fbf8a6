import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ProjectSummary } from '../../../shared/projects';
import { limits, useTmp, writeTree } from './helpers';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const NOBODY = 65534;

/**
 * Permissions do not stop root, and these tests run as root here; so as root the scan runs in a child process
 * as `nobody` (real process, real files), otherwise in a child as the current user.
 */
function scanAsUnprivileged(root: string): { summary?: ProjectSummary; error?: { code: string; message: string } } {
  const script = `
    const { openProject } = await import(${JSON.stringify(path.join(repo, 'main/intake/index.ts'))});
    try {
      const p = await openProject(${JSON.stringify(root)}, { limits: ${JSON.stringify(limits())}, stagingDir: ${JSON.stringify(path.join(root, '..', 'st'))} });
      console.log(JSON.stringify({ summary: p.summary }));
    } catch (e) {
      console.log(JSON.stringify({ error: { code: e.code, message: e.message } }));
    }`;
  const asRoot = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 20_000,
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as ReturnType<typeof scanAsUnprivileged>;
}

describe.runIf(process.platform !== 'win32')('unreadable files and folders', () => {
  const tmp = useTmp();

  it('lists unreadable files and folders instead of failing', { timeout: 30_000 }, async () => {
    const base = tmp();
    chmodSync(base, 0o755);
    const root = path.join(base, 'proj');
    writeTree(root, { 'ok.py': 'x = 1\n', 'secret.py': 'password = 1\n', 'locked/inside.py': '', 'nosearch/inside.py': '' });
    chmodSync(path.join(root, 'secret.py'), 0o000);
    chmodSync(path.join(root, 'locked'), 0o000);
    chmodSync(path.join(root, 'nosearch'), 0o644); // listable, but its entries cannot be looked at
    const result = scanAsUnprivileged(root);
    chmodSync(path.join(root, 'locked'), 0o755);
    chmodSync(path.join(root, 'nosearch'), 0o755);

    expect(result.error).toBeUndefined();
    const summary = result.summary as ProjectSummary;
    expect(summary.files).toBe(1);
    expect([...summary.skipped].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'locked', reason: 'unreadable' },
      { path: 'nosearch/inside.py', reason: 'unreadable' },
      { path: 'secret.py', reason: 'unreadable' },
    ]);
    expect(summary.warnings).toContain('3 files were skipped (unreadable files).');
  });

  it('rejects a project folder that cannot be read at all', { timeout: 30_000 }, async () => {
    const base = tmp();
    chmodSync(base, 0o755);
    const root = path.join(base, 'proj');
    writeTree(root, { 'a.py': '' });
    chmodSync(root, 0o000);
    const result = scanAsUnprivileged(root);
    chmodSync(root, 0o755);
    expect(result.error?.code).toBe('rejected');
  });
});
