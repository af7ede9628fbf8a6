import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareRunner, FIXTURES, fixture, folderChecksum, hasBubblewrap, makeWorkspace, NODE, request, sandboxedRunner, type Workspace } from './helpers';

const bwrap = await hasBubblewrap();
const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);

interface Attempt {
  target: string;
  ok: boolean;
  error?: string;
}

let ws: Workspace;
let project: string;
beforeEach(async () => {
  ws = await makeWorkspace();
  // The user's own folder (intake copied it to input/ already).
  project = path.join(ws.root, 'project');
  await mkdir(path.join(project, 'src'), { recursive: true });
  await writeFile(path.join(project, 'src', 'main.py'), 'print("hi")\n');
  await writeFile(path.join(ws.input, 'main.py'), 'print("hi")\n');
});
afterEach(async () => {
  await rm(path.join(FIXTURES, 'escaped.txt'), { force: true });
  await ws.cleanup();
});

const attempts = (lines: { text: string }[]): Attempt[] => lines.filter((l) => l.text.startsWith('{')).map((l) => JSON.parse(l.text) as Attempt);

describe('writes outside the run folder', () => {
  it.skipIf(!bwrap)("with bubblewrap, writes to the user's project and the system fail and nothing outside the run folder changes", async () => {
    const projectSum = await folderChecksum(project);
    const fixturesSum = await folderChecksum(FIXTURES);
    // The project is given by path, as a hostile tool might guess it; FIXTURES stands for a project outside /tmp.
    const outcome = await sandboxedRunner().runTool(request(ws, { command: NODE, args: [fixture('writer.mjs'), project, FIXTURES] }));
    expect(outcome.status).toBe('completed');
    const byTarget = new Map(attempts(outcome.tail).map((a) => [a.target, a]));
    expect(byTarget.get(path.join(project, 'escaped.txt'))).toMatchObject({ ok: false }); // not even visible
    expect(byTarget.get(path.join(FIXTURES, 'escaped.txt'))).toMatchObject({ ok: false, error: 'EROFS' });
    // ../ is the run folder itself: only its input/, output/, tmp/ and home/ are writable, so the write either fails
    // or lands in the sandbox's private /tmp (when the run folder lies under /tmp) — never in the real run folder.
    expect(byTarget.get(path.join(ws.runDir, 'escaped-parent.txt'))).toBeDefined();
    expect(await exists(path.join(ws.runDir, 'escaped-parent.txt'))).toBe(false);
    // HOME lies inside the run folder: allowed, and kept there.
    expect(byTarget.get(path.join(ws.runDir, 'home', 'escaped-home.txt'))).toMatchObject({ ok: true });
    expect(await exists(path.join(ws.runDir, 'home', 'escaped-home.txt'))).toBe(true);
    // ../../ lies in the sandbox's private /tmp here: whatever the tool did there never reaches the real folder.
    expect(await exists(path.join(ws.root, 'runs', 'escaped-grandparent.txt'))).toBe(false);
    expect(await folderChecksum(project)).toBe(projectSum);
    expect(await folderChecksum(FIXTURES)).toBe(fixturesSum);
  });

  it("without bubblewrap, ../ and HOME still land in the run folder and the user's project is unchanged", async () => {
    const projectSum = await folderChecksum(project);
    const outcome = await bareRunner().runTool(request(ws, { command: NODE, args: [fixture('writer.mjs')] }));
    expect(outcome.status).toBe('completed');
    expect(await exists(path.join(ws.runDir, 'escaped-parent.txt'))).toBe(true);
    expect(await exists(path.join(ws.runDir, 'home', 'escaped-home.txt'))).toBe(true);
    expect(await folderChecksum(project)).toBe(projectSum);
    await rm(path.join(ws.root, 'runs', 'escaped-grandparent.txt'), { force: true });
  });
});

describe('network', () => {
  it.skipIf(!bwrap)('the sandboxed tool cannot reach a server on this machine; the bare one can', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((server.address() as net.AddressInfo).port);
      const sandboxed = await sandboxedRunner().runTool(request(ws, { command: NODE, args: [fixture('net.mjs'), port] }));
      expect(sandboxed.tail.map((l) => l.text)).toEqual([expect.stringMatching(/^blocked/)]);
      expect(sandboxed.protections).toEqual(expect.arrayContaining(['bubblewrap', 'no-network', 'pid-namespace', 'read-only-system']));
      const bare = await bareRunner().runTool(request(ws, { command: NODE, args: [fixture('net.mjs'), port] }));
      expect(bare.tail.map((l) => l.text)).toEqual(['connected']);
      expect(bare.protections).not.toContain('no-network');
    } finally {
      server.close();
    }
  });

  it.skipIf(!bwrap)('sandbox: false in the request runs without bubblewrap even where it is available', async () => {
    const outcome = await sandboxedRunner().runTool(request(ws, { command: NODE, args: ['-e', ''], sandbox: false }));
    expect(outcome.status).toBe('completed');
    expect(outcome.protections).not.toContain('bubblewrap');
  });
});
