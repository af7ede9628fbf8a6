import { lstat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProducedFileSchema } from '../../../shared/wire/jobs';
import { findProduced, scanProduced, type InputManifest } from '../../../main/results';
import { makeRun, put, type TempRun } from './helpers';

/** The manifest intake takes right after its copy: every file in input/ with its size and mtime. */
async function manifestOf(runDir: string, rels: string[]): Promise<InputManifest> {
  const files = [];
  for (const rel of rels) {
    const st = await lstat(path.join(runDir, 'input', rel));
    files.push({ path: rel, size: st.size, mtimeMs: st.mtimeMs });
  }
  return { files };
}

describe('findProduced', () => {
  let run: TempRun;
  beforeEach(async () => {
    run = await makeRun();
    await put(run.runDir, {
      'input/main.cpp': 'int main() {}\n',
      'input/lib/util.cpp': 'void f();\n',
      'input/lib/same-size.cpp': 'AAAA\n',
      'input/untouched.h': '#pragma once\n',
    });
  });
  afterEach(async () => {
    await run.cleanup();
  });

  it('lists output/ files, new and changed input files, and not the unchanged ones', async () => {
    const manifest = await manifestOf(run.runDir, ['main.cpp', 'lib/util.cpp', 'lib/same-size.cpp', 'untouched.h']);
    // The tool runs: writes output, adds a file next to its inputs, changes two (one keeps its size).
    await put(run.runDir, {
      'output/main.c': 'int main(void) {}\n',
      'output/sub/deep/util.c': 'void f(void);\n',
      'input/main.rs': 'fn main() {}\n',
      'input/lib/util.cpp': 'void f(); // longer now\n',
      'input/lib/same-size.cpp': 'BBBB\n',
      'tmp/junk': 'scratch',
      'home/.config/x': 'scratch',
    });
    const later = new Date(Date.now() + 5000);
    await utimes(path.join(run.runDir, 'input/lib/same-size.cpp'), later, later);
    await symlink('/etc/passwd', path.join(run.runDir, 'output', 'passwd-link'));
    await symlink('/etc/passwd', path.join(run.runDir, 'input', 'new-link'));

    const files = await findProduced(run.runDir, manifest);
    for (const f of files) ProducedFileSchema.parse(f);
    expect(files).toEqual([
      { path: 'output/sub/deep/util.c', size: 14, origin: 'output' },
      { path: 'output/main.c', size: 18, origin: 'output' },
      { path: 'input/lib/same-size.cpp', size: 5, origin: 'input-changed' },
      { path: 'input/lib/util.cpp', size: 24, origin: 'input-changed' },
      { path: 'input/main.rs', size: 13, origin: 'input-new' },
    ]);
  });

  it('a run that touched nothing produced nothing', async () => {
    const manifest = await manifestOf(run.runDir, ['main.cpp', 'lib/util.cpp', 'lib/same-size.cpp', 'untouched.h']);
    expect(await findProduced(run.runDir, manifest)).toEqual([]);
  });

  it('without a manifest every input file is new', async () => {
    const files = await findProduced(run.runDir, { files: [] });
    expect(files.map((f) => f.origin)).toEqual(['input-new', 'input-new', 'input-new', 'input-new']);
  });

  it('matches a non-UTF-8 name by its raw bytes, as intake records it', async () => {
    const raw = Buffer.concat([Buffer.from(path.join(run.runDir, 'input') + '/'), Buffer.from([0x6e, 0xe9, 0x2e, 0x63])]);
    await writeFile(raw, 'x');
    const st = await lstat(raw);
    const manifest = await manifestOf(run.runDir, ['main.cpp', 'lib/util.cpp', 'lib/same-size.cpp', 'untouched.h']);
    const rawPath = Buffer.from([0x6e, 0xe9, 0x2e, 0x63]).toString('base64');
    const withRaw = { files: [...manifest.files, { path: 'n\uFFFD.c', rawPath, size: st.size, mtimeMs: st.mtimeMs }] };
    expect(await findProduced(run.runDir, withRaw)).toEqual([]);
    await writeFile(raw, 'changed');
    expect(await findProduced(run.runDir, withRaw)).toEqual([{ path: 'input/n\uFFFD.c', size: 7, origin: 'input-changed' }]);
  });

  it('is bounded and says so', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 30; i += 1) many[`output/f${i}.txt`] = String(i);
    await put(run.runDir, many);
    const cut = await scanProduced(run.runDir, { files: [] }, { maxFiles: 10 });
    expect(cut.truncated).toBe(true);
    expect(cut.files).toHaveLength(10);
    const whole = await scanProduced(run.runDir, { files: [] });
    expect(whole.truncated).toBe(false);
    expect(whole.files).toHaveLength(34);
    // Exactly at the bound is not cut: the unchanged input files after it are not produced.
    const manifest = await manifestOf(run.runDir, ['main.cpp', 'lib/util.cpp', 'lib/same-size.cpp', 'untouched.h']);
    expect(await scanProduced(run.runDir, manifest, { maxFiles: 30 })).toMatchObject({ truncated: false });
    expect(await scanProduced(run.runDir, manifest, { maxEntries: 5 })).toMatchObject({ truncated: true });
  });
});
