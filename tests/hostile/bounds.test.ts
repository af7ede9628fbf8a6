import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostileApp, tempDir, type TempDir } from './support/harness';

/** Bounds a hostile project or message must hit (issue 15). */
let tmp: TempDir;
let app: HostileApp;
beforeAll(async () => {
  tmp = await tempDir('bounds');
  app = await HostileApp.start({});
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
    const res = await app.raw('projects:open', { path: file });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.message).toBe('This archive has 30,000 entries (files and folders count alike); the limit is 20,000 (Settings → Limits).');
    expect(res.error.details).toMatchObject({ limit: 'files', value: 30_000, max: 20_000 });
  });
});
