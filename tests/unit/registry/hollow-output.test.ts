import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hollowFiles } from '../../../main/registry/diagnostics/hollow-output';
import type { ProducedFile } from '../../../shared/jobs';

describe('hollowFiles: a transpiler’s outputs that hold no code', () => {
  let run: string;
  let outside: string;
  const files: Record<string, string> = {
    'output/a.h': '#pragma once\n\n',
    'output/a.c': '#include "a.h"\n\n',
    'output/b.c': '/* generated\n   by a tool */\n#include <stdio.h>\n// nothing else\n',
    'output/c.c': '#include "c.h"\n\nint twice(int v) { return 2 * v; }\n',
    'output/d.h': '#pragma once\nstruct Point { int x; };\n',
    'output/e.c': '',
  };
  const produced = (paths: string[]): ProducedFile[] => paths.map((p) => ({ path: p, size: Buffer.byteLength(files[p] ?? '#include "x.h"\n'), origin: 'output' }));

  beforeAll(async () => {
    run = await mkdtemp(path.join(tmpdir(), 'hapyy-hollow-'));
    outside = await mkdtemp(path.join(tmpdir(), 'hapyy-hollow-outside-'));
    await mkdir(path.join(run, 'output'));
    for (const [p, t] of Object.entries(files)) await writeFile(path.join(run, p), t);
    await writeFile(path.join(outside, 'boilerplate.h'), '#include "x.h"\n');
    await symlink(path.join(outside, 'boilerplate.h'), path.join(run, 'output/link.h'));
  });
  afterAll(async () => {
    await rm(run, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('only #pragma once, #include, comments and blank lines count as no code; empty files are left to the size check', async () => {
    const all = produced(Object.keys(files));
    expect([...(await hollowFiles(run, all))].sort()).toEqual(['output/a.c', 'output/a.h', 'output/b.c']);
  });

  it('a link out of the run folder is not followed, and a missing file is not guessed at', async () => {
    expect([...(await hollowFiles(run, produced(['output/link.h', 'output/gone.c'])))]).toEqual([]);
  });
});
