import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, dropPath, launchApp, type AppUnderTest } from './harness';

// The built app in Chromium with the real services behind window.hapyy.
describe('smoke: the window and a list served by main', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(async () => app?.close());

  it('shows the app and the tools that main detected, through the bridge', async () => {
    const { page } = app;
    await expect.poll(() => page.title()).toBe('Hapyy Desktop');
    const bash = page.getByTestId('tool-bash-verification');
    await bash.waitFor({ timeout: 15_000 });
    await expect.poll(() => bash.textContent()).toMatch(/ShellCheck/);
    // Every catalogue tool is listed, available or not.
    for (const id of ['cpp-to-c-transpiler', 'cpp-to-rust-transpiler', 'csharp-verification', 'java-verification', 'rust-verification', 'python-linter', 'typescript-linter']) {
      expect(await page.getByTestId(`tool-${id}`).count()).toBe(1);
    }
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'smoke.png') });
    expect(app.pageErrors).toEqual([]);
  });

  it('the page has window.hapyy and no Node or raw IPC', async () => {
    const surface = await app.page.evaluate(() => ({
      hapyy: typeof (window as unknown as { hapyy?: unknown }).hapyy,
      require: typeof (window as unknown as { require?: unknown }).require,
      ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
      methods: Object.keys((window as unknown as { hapyy: Record<string, unknown> }).hapyy).sort(),
    }));
    expect(surface.hapyy).toBe('object');
    expect(surface.require).toBe('undefined');
    expect(surface.ipcRenderer).toBe('undefined');
    expect(surface.methods).toEqual(expect.arrayContaining(['jobs', 'tools', 'on', 'dropToken']));
    // A dropped file's path never reaches the page, and the channel that carries it to main is not a method here.
    expect(surface.methods).not.toContain('pathForFile');
    expect(surface.methods).not.toContain('drop');
  });

  it('a drop opens the project by a one-use token; a path the page makes up is refused, and so is a reused token', async () => {
    const { page } = app;
    const folder = join(await mkdtemp(join(tmpdir(), 'hapyy-e2e-drop-')), 'dropped-scripts');
    await mkdir(folder);
    await writeFile(join(folder, 'run.sh'), '#!/bin/bash\necho "$1"\n');
    try {
      await dropPath(page, folder);
      await expect.poll(() => page.getByTestId('project-summary').textContent(), { timeout: 15_000 }).toContain('dropped-scripts');
      expect(await page.getByTestId('project-files').textContent()).toBe('1');

      const attempts = await page.evaluate(async (secretDir) => {
        const h = (window as unknown as { hapyy: { projects: Record<string, (r: unknown) => Promise<unknown>> } }).hapyy;
        return {
          pathAsToken: await h.projects.open!({ token: secretDir }),
          pathKey: await h.projects.open!({ path: secretDir }),
          notRecent: await h.projects.reopen!({ source: secretDir }),
        };
      }, tmpdir());
      expect(attempts.pathAsToken).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Open folder') } });
      expect(attempts.pathKey).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(attempts.notRecent).toMatchObject({ ok: false, error: { code: 'forbidden' } });

      // The token the drop used is spent: minted again by the page bridge (the preload's stand-in) it works once.
      const reuse = await page.evaluate(async (name) => {
        const h = (window as unknown as { hapyy: { dropToken(f: File): Promise<{ ok: boolean; value?: string }>; projects: Record<string, (r: unknown) => Promise<{ ok: boolean }>> } }).hapyy;
        const token = await h.dropToken(new File(['x'], name));
        if (!token.ok || !token.value) return { token };
        const first = await h.projects.open!({ token: token.value });
        const second = await h.projects.open!({ token: token.value });
        return { token: { ok: token.ok }, first: first.ok, second };
      }, 'dropped-scripts');
      expect(reuse).toMatchObject({ token: { ok: true }, first: true, second: { ok: false, error: { code: 'forbidden' } } });

      // The dropped folder is on the recent list, and opens again from it (a fresh scan: it sees the new file).
      await writeFile(join(folder, 'more.sh'), 'echo more\n');
      await page.getByText('Recent projects').click();
      await page.getByTestId('recent-project').first().click();
      await expect.poll(() => page.getByTestId('project-files').textContent(), { timeout: 15_000 }).toBe('2');
      expect(await page.getByTestId('project-error').count()).toBe(0);
      expect(app.pageErrors).toEqual([]);
    } finally {
      await rm(join(folder, '..'), { recursive: true, force: true });
    }
  });

  it('a malformed message through the bridge gets a typed error and main keeps serving', async () => {
    const results = await app.page.evaluate(async () => {
      const h = (window as unknown as { hapyy: Record<string, Record<string, (r: unknown) => Promise<unknown>>> }).hapyy;
      const invoke = (window as unknown as { __hapyyInvoke: (c: string, p: unknown) => Promise<unknown> }).__hapyyInvoke;
      return {
        wrongType: await h.jobs!.get!({ jobId: 42 }),
        unknownKey: await h.jobs!.get!({ jobId: 'x', extra: 1 }),
        huge: await h.jobs!.get!({ jobId: 'x'.repeat(10 * 1024 * 1024) }),
        proto: await h.jobs!.get!(JSON.parse('{"jobId":"x","__proto__":{"polluted":1}}')),
        unknownChannel: await invoke('jobs:explode', {}),
        after: await h.queue!.status!({}),
      };
    });
    for (const key of ['wrongType', 'unknownKey', 'huge', 'unknownChannel'] as const) {
      expect(results[key]).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    // The page-side serializer may drop a `__proto__` key before it reaches main (then the id is simply unknown);
    // either way it is a typed error and nothing is polluted in main.
    expect(results.proto).toMatchObject({ ok: false });
    expect(['invalid-input', 'not-found']).toContain((results.proto as { error: { code: string } }).error.code);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(results.after).toMatchObject({ ok: true });
  });
});
