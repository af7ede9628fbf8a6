import { spawn } from 'node:child_process';
import { rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, newMarker, tempDir, type TempDir } from './support/harness';
import { findLeftovers, killLeftovers } from './support/procs';
import { treeHash } from './support/tree-hash';

// The suite's own instruments must be able to see what they look for, or every "nothing left" would pass vacuously.
describe('hostile suite instruments', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await tempDir('instruments');
  });
  afterAll(async () => tmp.remove());

  it('finds a live process by its job marker and by a marker in its command line, and kills it', async () => {
    const jobId = `instrument-${newMarker('job')}`;
    const mark = newMarker('instrument');
    const byEnv = spawn('sleep', ['30'], { env: { ...process.env, HAPYY_JOB_ID: jobId }, stdio: 'ignore', detached: true });
    const byCmd = spawn('/bin/bash', ['-c', `exec -a ${mark} sleep 30`], { stdio: 'ignore', detached: true });
    try {
      for (let i = 0; i < 50 && (await findLeftovers({ markers: [mark] })).length === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
      const found = await findLeftovers({ jobIds: [jobId], markers: [mark] });
      expect(found.map((l) => [l.pid, l.why]).sort()).toEqual(
        [
          [byEnv.pid, 'job-marker'],
          [byCmd.pid, 'cmdline'],
        ].sort(),
      );
      expect(await killLeftovers({ jobIds: [jobId], markers: [mark] })).toBe(2);
      expect(await findLeftovers({ jobIds: [jobId], markers: [mark] })).toEqual([]);
    } finally {
      byEnv.kill('SIGKILL');
      byCmd.kill('SIGKILL');
    }
  });

  it('the folder hash changes when a file is added, edited or replaced by a link', async () => {
    const root = await makeProject(tmp.path);
    const before = await treeHash(root);
    expect(await treeHash(root)).toBe(before);
    await writeFile(path.join(root, 'new.txt'), '');
    const added = await treeHash(root);
    expect(added).not.toBe(before);
    await writeFile(path.join(root, 'main.sh'), '#!/bin/sh\necho hellO\n');
    const edited = await treeHash(root);
    expect(edited).not.toBe(added);
    await rm(path.join(root, 'README.md'));
    await symlink('/etc/passwd', path.join(root, 'README.md'));
    expect(await treeHash(root)).not.toBe(edited);
  });
});
