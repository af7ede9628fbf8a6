import { chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProject } from '../../../main/intake';
import { limits, useTmp, writeTree } from './helpers';

describe('shell scripts without a .sh name', () => {
  const tmp = useTmp();

  it('count as Bash in the summary, so Bash Verification is suggested', async () => {
    const root = path.join(tmp(), 'proj');
    writeTree(root, {
      'bin/deploy': '#!/usr/bin/env bash\necho hi\n',
      'completions/apt': '#   -*- shell-script -*-\n_apt() { :; }\n',
      'bin/tool.py': '#!/usr/bin/env python3\n',
      'LICENSE': 'MIT\n',
      'Makefile': 'all:\n\ttrue\n',
    });
    chmodSync(path.join(root, 'bin/deploy'), 0o755);
    const project = await openProject(root, { limits: limits(), stagingDir: path.join(root, '..', 'st') });
    expect(project.summary.languages).toEqual([
      { id: 'bash', files: 2 },
      { id: 'python', files: 1 },
    ]);
    expect(project.summary.suggestedTools).toContain('bash-verification');
  });

  it('a folder of plain text still has no language', async () => {
    const root = path.join(tmp(), 'notes');
    writeTree(root, { README: 'bash is a shell\n', 'TODO': '#!not really\n' });
    const project = await openProject(root, { limits: limits(), stagingDir: path.join(root, '..', 'st') });
    expect(project.summary.languages).toEqual([]);
    expect(project.summary.warnings).toContain("No files in a language Hapyy's tools read.");
  });
});
