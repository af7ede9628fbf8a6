import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors';
import { DROP_TOKEN_CHANNEL } from '../../shared/preload-channels';
import type { ProjectSummary } from '../../shared/projects';
import { appCaller } from '../support/services';
import { customTool, HostileApp, makeProject, newMarker, tempDir, type TempDir } from './support/harness';

/**
 * Paths only from the user (issue 15): a compromised page names a folder it wants read (here one holding a canary),
 * and `projects:open` refuses it; only a drop (the preload's private channel, which mints a one-use token bound to
 * its window) or main's own dialog opens a project. Projects and scans belong to the window that opened them.
 * The drop is the one stand-in: `mint` below sends the path over the private channel as the real preload does.
 */
const A = 'window:A';
const B = 'window:B';

let tmp: TempDir;
let app: HostileApp;
let secretDir: string;
let project: string;
let picked: string | null = null;

const mint = (dropped: string, clientId: string) => app.svc.router.handlePreload(DROP_TOKEN_CHANNEL, { path: dropped }, appCaller(clientId)) as Promise<Result<string>>;
const open = (payload: unknown, clientId: string) => app.raw('projects:open', payload, clientId) as Promise<Result<ProjectSummary>>;

async function token(dropped: string, clientId: string): Promise<string> {
  const res = await mint(dropped, clientId);
  if (!res.ok) throw new Error(`drop token: ${res.error.code}: ${res.error.message}`);
  return res.value;
}

beforeAll(async () => {
  tmp = await tempDir('paths');
  secretDir = path.join(tmp.path, 'keys');
  await mkdir(secretDir);
  await writeFile(path.join(secretDir, 'id_rsa'), `CANARY-${newMarker('key')}\n`);
  project = await makeProject(tmp.path);
  // Native dialogs are the stand-in: "Open folder…" answers with whatever the test sets in `picked`.
  app = await HostileApp.start({ customTools: [customTool('nothing', '/bin/true', [], 10)] }, { pickProject: async () => picked });
});
afterAll(async () => {
  await app?.dispose();
  await tmp?.remove();
});

describe('paths only from the user', () => {
  it('projects:open with a path the page made up is refused, in every form, and nothing of it is opened', async () => {
    const byKey = await open({ path: secretDir }, A);
    expect(byKey).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const asToken = await open({ token: secretDir }, A);
    expect(asToken).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    if (!asToken.ok) expect(asToken.error.message).toMatch(/drop .*“Open folder…”/);
    const guessed = await open({ token: 'A'.repeat(32) }, A);
    expect(guessed).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Not a recent project either, so projects:reopen refuses it too.
    expect(await app.raw('projects:reopen', { source: secretDir }, A)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The drop channel is the preload's: through the page's own entry point it does not exist.
    expect(await app.raw(DROP_TOKEN_CHANNEL, { path: secretDir }, A)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'Unknown request.' } });
    const recent = await app.call('projects:recent', {}, A);
    expect(recent.map((r) => r.source)).not.toContain(secretDir);
  });

  it('a drop opens, once: the same token a second time is refused', async () => {
    const t = await token(project, A);
    const first = await open({ token: t }, A);
    expect(first).toMatchObject({ ok: true, value: { source: project, files: 3 } });
    expect(await open({ token: t }, A)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a token minted for window A is refused for window B, and is spent by that attempt', async () => {
    const t = await token(project, A);
    expect(await open({ token: t }, B)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await open({ token: t }, A)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A fresh drop on A still works.
    expect((await open({ token: await token(project, A) }, A)).ok).toBe(true);
  });

  it("a project opened by A cannot be run or watched by B; B's own opening of the same folder can", async () => {
    const fromA = await app.open(project, A);
    expect(await app.raw('jobs:submit', { projectId: fromA.projectId, toolId: 'nothing' }, B)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.raw('watch:start', { projectId: fromA.projectId, toolId: 'nothing' }, B)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Not a matter of the project or the tool: A runs it, and B runs its own.
    expect((await app.run(fromA.projectId, 'nothing', A)).status).toBe('completed');
    const fromB = await app.open(project, B);
    expect(fromB.projectId).not.toBe(fromA.projectId);
    expect((await app.run(fromB.projectId, 'nothing', B)).status).toBe('completed');
  });

  it("the dialog's path stays in main and the project is the picking window's", async () => {
    picked = project;
    const res = await app.call('projects:pick', {}, A);
    picked = null;
    expect(res?.source).toBe(project);
    expect(await app.raw('jobs:submit', { projectId: res?.projectId ?? '', toolId: 'nothing' }, B)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A recent project (it was dropped and picked above) opens again from main's own list, for whoever asks.
    expect(await app.raw('projects:reopen', { source: project }, B)).toMatchObject({ ok: true, value: { source: project } });
  });

  it('what a window owned goes when it closes: its unused drop token and its project id', async () => {
    const C = 'window:closing';
    const log = app.attach(C);
    const opened = await app.open(project, C);
    const unused = await token(project, C);
    log.detach();
    expect(await open({ token: unused }, C)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.raw('jobs:submit', { projectId: opened.projectId, toolId: 'nothing' }, C)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it("B cannot cancel A's scan by naming its scan id; A can", async () => {
    const big = path.join(tmp.path, 'big');
    // The first progress report comes at the first file; the scan checks for a cancel at each folder after that.
    for (let d = 0; d < 40; d += 1) {
      await mkdir(path.join(big, `d${d}`), { recursive: true });
      await Promise.all(Array.from({ length: 250 }, (_, i) => writeFile(path.join(big, `d${d}`, `f${i}.sh`), 'echo\n')));
    }
    /** Opens `big` on A with that scan id; at A's first progress report, `canceller` cancels that scan id. */
    const scanWithCancel = async (scanId: string, canceller: string) => {
      let cancelledAt: number | null = null;
      // A's progress events arrive in A's sink; the cancel is sent from there (the router reaches the handler
      // synchronously), so it lands while the scan runs.
      const detach = app.svc.events.attach(A, (event, payload) => {
        if (event === 'scan:progress' && cancelledAt === null && (payload as { scanId: string }).scanId === scanId) {
          cancelledAt = (payload as { files: number }).files;
          void app.raw('projects:cancelScan', { scanId }, canceller);
        }
      });
      try {
        const res = await app.openRaw(big, A, scanId);
        return { res, cancelledAt };
      } finally {
        detach();
      }
    };
    const byB = await scanWithCancel('scan-shared-id', B);
    console.log(`[hostile] B cancels A's scan at ${byB.cancelledAt} files: ${byB.res.ok ? `A's scan went on (${byB.res.value.files} files)` : byB.res.error.code}`);
    expect(byB.cancelledAt).not.toBeNull();
    expect(byB.res).toMatchObject({ ok: true, value: { files: 10_000 } });
    // The control: the same cancel from A itself, at the same moment, does stop the scan.
    const byA = await scanWithCancel('scan-own-id', A);
    expect(byA.cancelledAt).not.toBeNull();
    expect(byA.res).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});
