import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunReader } from '../../../main/results/compare';
import { makeRun, put, type TempRun } from './helpers';

const made: TempRun[] = [];
afterEach(async () => {
  for (const r of made.splice(0)) await r.cleanup();
});
async function fresh(): Promise<TempRun> {
  const r = await makeRun();
  made.push(r);
  return r;
}

describe("the compare's run reader (the same no-link rules as previews, fewer system calls)", () => {
  it('reads a file whole, a head, and says only the size past the bound', async () => {
    const r = await fresh();
    await put(r.runDir, { 'output/deep/er/a.txt': 'hello world\n' });
    const reader = new RunReader(r.runDir);
    expect((await reader.read('output/deep/er/a.txt', 1024))?.bytes?.toString()).toBe('hello world\n');
    expect((await reader.head('output/deep/er/a.txt', 5))?.toString()).toBe('hello');
    expect(await reader.read('output/deep/er/a.txt', 4)).toEqual({ size: 12, bytes: null });
    expect(await reader.read('output/missing.txt', 1024)).toBeNull();
  });

  it('never passes through a link: not a folder link on the way, not one inside the run folder, not the file itself', async () => {
    const r = await fresh();
    await put(r.runDir, { 'output/real/inner.txt': 'inside\n' });
    await mkdir(path.join(r.outside, 'dir'));
    await writeFile(path.join(r.outside, 'dir', 'f.txt'), 'top secret\n');
    await symlink(path.join(r.outside, 'dir'), path.join(r.runDir, 'output', 'away'));
    await symlink(path.join(r.runDir, 'output', 'real'), path.join(r.runDir, 'output', 'alias'));
    await symlink(path.join(r.outside, 'secret.txt'), path.join(r.runDir, 'output', 'file-link.txt'));
    const reader = new RunReader(r.runDir);
    expect(await reader.read('output/away/f.txt', 1024)).toBeNull();
    expect(await reader.head('output/away/f.txt', 1024)).toBeNull();
    expect(await reader.read('output/alias/inner.txt', 1024)).toBeNull();
    // The link itself is reported (as the preview's tree does), never its target's content.
    const link = await reader.read('output/file-link.txt', 1024);
    expect(link?.bytes ?? null).toBeNull();
    expect(await reader.read('../outside/secret.txt', 1024)).toBeNull();
    // The real file next to them still reads.
    expect((await reader.read('output/real/inner.txt', 1024))?.bytes?.toString()).toBe('inside\n');
  });

  it('a run folder reached through a link of its own is read at its real path', async () => {
    const r = await fresh();
    await put(r.runDir, { 'input/x.sh': 'echo $x\n' });
    const alias = path.join(r.base, 'alias-run');
    await symlink(r.runDir, alias);
    expect((await new RunReader(alias).read('input/x.sh', 1024))?.bytes?.toString()).toBe('echo $x\n');
  });
});
