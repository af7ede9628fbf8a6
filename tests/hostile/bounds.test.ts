import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../main/store';
import { BASH, customTool, HostileApp, tempDir, type TempDir } from './support/harness';

/** Bounds a hostile project or message must hit (issue 15). */
let tmp: TempDir;
let app: HostileApp;
beforeAll(async () => {
  tmp = await tempDir('bounds');
  // The user confirms every dialog here: what is tested is what the bounds refuse before any dialog is shown.
  app = await HostileApp.start({}, { confirmChanges: async () => true });
});
afterAll(async () => {
  await app?.dispose();
  await tmp?.remove();
});

describe('zip folders', () => {
  it('a zip of 30,000 folder entries is refused by the file limit (20,000 by default), with a clear message', async () => {
    const file = path.join(tmp.path, 'folders.zip');
    const zip = new yazl.ZipFile();
    for (let i = 0; i < 30_000; i += 1) zip.addEmptyDirectory(`d${i}`);
    zip.end();
    await finished(zip.outputStream.pipe(createWriteStream(file)));
    console.log(`[hostile] zip of 30,000 folders: ${(await stat(file)).size} bytes`);
    const res = await app.openRaw(file);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.message).toBe('This archive has 30,000 entries (files and folders count alike); the limit is 20,000 (Settings → Limits).');
    expect(res.error.details).toMatchObject({ limit: 'files', value: 30_000, max: 20_000 });
  });
});

describe('settings messages and files', () => {
  const MB = 1024 * 1024;
  /** A record of ~50 MB: 50,000 engine paths of 1 KB each, every one within its own bounds. */
  const hugeRecord = (): Record<string, string> => Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`tool-${i}`, `/${'x'.repeat(1023)}`]));

  it('a 50 MB settings record, a 50 MB custom tool and a custom tool failing its own schema are refused; nothing changes', async () => {
    const before = (await app.call('settings:get', {})).settings;
    const attempts = {
      record: { ...before, enginePaths: hugeRecord() },
      bigTool: { ...before, customTools: [{ ...customTool('big', BASH, ['x'.repeat(50 * MB)]) }] },
      badTool: { ...before, customTools: [{ id: 'bad', name: 'bad', command: 42 }] },
    };
    for (const [what, settings] of Object.entries(attempts)) {
      const res = await app.raw('settings:set', { settings });
      expect(res.ok, what).toBe(false);
      if (!res.ok) expect(res.error.code, what).toBe('invalid-input');
    }
    expect((await app.call('settings:get', {})).settings).toEqual(before);
    // A valid custom tool still goes through.
    const ok = await app.raw('settings:set', { settings: { ...before, customTools: [customTool('fine', BASH, ['{input}'])] } });
    expect(ok.ok).toBe(true);
  });

  it('a 50 MB settings.json is not even parsed: defaults, with the reason', async () => {
    const file = path.join(tmp.path, 'settings.json');
    await writeFile(file, JSON.stringify({ enginePaths: hugeRecord() }));
    expect((await stat(file)).size).toBeGreaterThan(50 * 1000 * 1000);
    const loaded = await loadSettings(file, { rewrite: false });
    expect(loaded.settings.enginePaths).toEqual({});
    expect(loaded.problems).toEqual([{ field: '(file)', message: expect.stringMatching(/^larger than 4(\.0)? MB/) }]);
  });
});
