import { rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProducedFile } from '../../../shared/jobs';
import { FileNodeSchema } from '../../../shared/results';
import { listTree, readTree } from '../../../main/results';
import { appErrorCode, makeRun, plantLinks, put, type TempRun } from './helpers';

describe('listTree', () => {
  let run: TempRun;
  beforeEach(async () => {
    run = await makeRun();
    await put(run.runDir, {
      'output/b.c': 'b',
      'output/a10.c': 'a10',
      'output/a2.c': 'a2',
      'output/zdir/deep/x.c': 'xyz',
      'output/adir/y.c': 'y',
      'input/main.cpp': 'int main;',
      'input/gen.h': 'new',
      'input/lib/util.cpp': 'changed!',
      'tmp/scratch': 'not a result',
      'home/.cache/x': 'not a result',
    });
  });
  afterEach(async () => {
    await run.cleanup();
  });

  const produced: ProducedFile[] = [
    { path: 'input/gen.h', size: 3, origin: 'input-new' },
    { path: 'input/lib/util.cpp', size: 8, origin: 'input-changed' },
  ];

  it('lists output/, input/ and run.log in pre-order, folders first, names in natural order', async () => {
    const nodes = await listTree(run.runDir, produced);
    for (const n of nodes) FileNodeSchema.parse(n);
    expect(nodes.map((n) => `${n.type} ${n.path} ${n.origin} ${n.size}`)).toEqual([
      'dir output output 0',
      'dir output/adir output 0',
      'file output/adir/y.c output 1',
      'dir output/zdir output 0',
      'dir output/zdir/deep output 0',
      'file output/zdir/deep/x.c output 3',
      'file output/a2.c output 2',
      'file output/a10.c output 3',
      'file output/b.c output 1',
      'dir input input 0',
      'dir input/lib input 0',
      'file input/lib/util.cpp input-changed 8',
      'file input/gen.h input-new 3',
      'file input/main.cpp input 9',
      'file run.log output 15',
    ]);
    expect(nodes.find((n) => n.path === 'output/a2.c')?.name).toBe('a2.c');
  });

  it('shows links as links, size 0, without following them', async () => {
    await plantLinks(run);
    const nodes = await listTree(run.runDir, []);
    const links = nodes.filter((n) => n.type === 'link').map((n) => `${n.path} ${n.size}`);
    expect(links.sort()).toEqual(['output/linkdir 0', 'output/passwd-link 0', 'output/self 0', 'output/up 0']);
    // Nothing from behind the links: no secret.txt, no second copy of the run folder.
    expect(nodes.some((n) => n.path.startsWith('output/linkdir/') || n.path.startsWith('output/self/'))).toBe(false);
    expect(nodes.some((n) => n.name === 'secret.txt')).toBe(false);
  });

  it('does not walk into input/ or output/ when the tool replaced them with links', async () => {
    await run.cleanup();
    run = await makeRun();
    await rm(path.join(run.runDir, 'input'), { recursive: true });
    await symlink('/etc', path.join(run.runDir, 'input'));
    const nodes = await listTree(run.runDir, []);
    expect(nodes.map((n) => `${n.type} ${n.path}`)).toEqual(['dir output', 'link input', 'file run.log']);
  });

  it('is bounded: stops at maxNodes, keeps every parent, and says it was cut', async () => {
    const listing = await readTree(run.runDir, produced, { maxNodes: 6 });
    expect(listing.truncated).toBe(true);
    expect(listing.nodes).toHaveLength(6);
    const paths = new Set(listing.nodes.map((n) => n.path));
    for (const n of listing.nodes) {
      const parent = n.path.includes('/') ? n.path.slice(0, n.path.lastIndexOf('/')) : null;
      if (parent) expect(paths.has(parent)).toBe(true);
    }
    // Breadth-first: the top level is all there before anything deep.
    expect(paths.has('run.log')).toBe(true);
    expect(paths.has('input')).toBe(true);
    expect(paths.has('output/zdir/deep/x.c')).toBe(false);

    const whole = await readTree(run.runDir, produced);
    expect(whole.truncated).toBe(false);
    expect(whole.nodes).toHaveLength(15);
  });

  it('a missing run folder is not-found', async () => {
    expect(await appErrorCode(listTree(`${run.runDir}-gone`, []))).toBe('not-found');
  });
});
