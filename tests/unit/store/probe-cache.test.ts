import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProbeCache } from '../../../main/store';

describe('ProbeCache (answers kept in the data folder, tied to files as they are)', () => {
  let dir: string;
  let file: string;
  let exe: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hapyy-probe-cache-'));
    file = path.join(dir, 'cache.json');
    exe = path.join(dir, 'engine');
    await writeFile(exe, 'version 1');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const cache = (now = () => 1_000_000, maxAgeMs = 60_000) => new ProbeCache({ file, schema: z.string(), maxAgeMs, now });

  it('gives back what was put, in a new instance (a new process), with the file private', async () => {
    await cache().put('k', [exe], '1.0');
    expect(await cache().get('k')).toBe('1.0');
    expect(await cache().get('other')).toBeNull();
    if (process.platform !== 'win32') expect((await import('node:fs')).statSync(file).mode & 0o777).toBe(0o600);
  });

  it('forgets an answer once a file it was about changes', async () => {
    await cache().put('k', [exe], '1.0');
    await appendFile(exe, ' upgraded');
    expect(await cache().get('k')).toBeNull();
  });

  it('forgets an answer once the file is gone, and keeps none for a file that is missing', async () => {
    await cache().put('k', [exe], '1.0');
    await rm(exe);
    expect(await cache().get('k')).toBeNull();
    await cache().put('k2', [path.join(dir, 'missing')], '2.0');
    expect(await cache().get('k2')).toBeNull();
  });

  it('forgets an answer older than maxAgeMs (or from the future)', async () => {
    await cache(() => 1_000_000).put('k', [exe], '1.0');
    expect(await cache(() => 1_000_000 + 60_000).get('k')).toBe('1.0');
    expect(await cache(() => 1_000_000 + 60_001).get('k')).toBeNull();
    expect(await cache(() => 999_999).get('k')).toBeNull();
  });

  it('treats a corrupt file or a value of the wrong shape as no answer, and a put replaces it', async () => {
    await writeFile(file, '{ not json');
    expect(await cache().get('k')).toBeNull();
    await cache().put('k', [exe], '1.0');
    expect(await cache().get('k')).toBe('1.0');
    const numbers = new ProbeCache({ file, schema: z.number(), maxAgeMs: 60_000, now: () => 1_000_000 });
    expect(await numbers.get('k')).toBeNull();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('keeps at most maxEntries answers, the newest', async () => {
    let t = 1_000_000;
    const c = new ProbeCache({ file, schema: z.string(), maxAgeMs: 60_000, maxEntries: 2, now: () => t });
    for (const k of ['a', 'b', 'c']) {
      t += 1;
      await c.put(k, [exe], k);
    }
    expect([await c.get('a'), await c.get('b'), await c.get('c')]).toEqual([null, 'b', 'c']);
  });
});
