import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasBubblewrap, makeWorkspace, NODE, request, sandboxedRunner, type Workspace } from './helpers';

const bwrap = await hasBubblewrap();

/**
 * Prints one JSON line per path: could it be read, could it be written. Paths are given without their leading `/`:
 * the runner shows the folder of any absolute argument under /tmp, which would hide what this test checks.
 */
const PROBE = `
const fs = require('node:fs');
for (const p of process.argv.slice(1).map((a) => '/' + a)) {
  let read = false, write = false;
  try { fs.readFileSync(p); read = true; } catch {}
  try { fs.appendFileSync(p, 'x'); write = true; } catch {}
  console.log(JSON.stringify({ p, read, write }));
}`;

describe('RunRequest.extraReadOnly: the engine context outside input/', () => {
  let ws: Workspace;
  let rc: string;
  let dep: string;
  beforeEach(async () => {
    ws = await makeWorkspace(); // under /tmp, which the sandbox replaces with a private one
    rc = path.join(ws.runDir, '.shellcheckrc'); // a config intake copied beside input/
    await writeFile(rc, 'disable=SC2086\n');
    dep = path.join(ws.root, 'project', 'node_modules', 'dep', 'index.d.ts'); // the project's own node_modules
    await mkdir(path.dirname(dep), { recursive: true });
    await writeFile(dep, 'export {};\n');
  });
  afterEach(async () => {
    await ws.cleanup();
  });

  const probe = async (extraReadOnly?: string[]) => {
    const outcome = await sandboxedRunner().runTool(request(ws, { command: NODE, args: ['-e', PROBE, rc.slice(1), dep.slice(1)], ...(extraReadOnly ? { extraReadOnly } : {}) }));
    expect(outcome.status).toBe('completed');
    return outcome.tail.filter((l) => l.text.startsWith('{')).map((l) => JSON.parse(l.text) as { p: string; read: boolean; write: boolean });
  };

  it.skipIf(!bwrap)('with bubblewrap, such paths are hidden unless listed, and read-only when listed', async () => {
    // Unlisted: not there (a write may land in the sandbox's private /tmp, never in the real run folder).
    expect((await probe()).map(({ p, read }) => ({ p, read }))).toEqual([
      { p: rc, read: false },
      { p: dep, read: false },
    ]);
    expect(await probe([ws.runDir, path.join(ws.root, 'project', 'node_modules')])).toEqual([
      { p: rc, read: true, write: false },
      { p: dep, read: true, write: false },
    ]);
  });
});
