import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { poolClientId } from '../../../main/queue/pool/client-id';
import { DATA_LAYOUT } from '../../../main/store';
import { tempDataDir } from './helpers';

const dataDir = tempDataDir();

describe('the pool client id of a data folder', () => {
  it('is made once and kept: engines starting at the same time agree on it, and the file is private', async () => {
    const dir = dataDir();
    const ids = await Promise.all(Array.from({ length: 8 }, () => poolClientId(dir)));
    expect(new Set(ids).size).toBe(1);
    expect(await poolClientId(dir)).toBe(ids[0]);
    expect((await stat(join(dir, DATA_LAYOUT.poolClient))).mode & 0o777).toBe(0o600);
    // No temporary file is left behind by the ones that lost.
    expect(await readdir(dir)).toEqual([DATA_LAYOUT.poolClient]);
  });

  it('a file that is not an id is not silently replaced (jobs stamped with the old id would be lost track of)', async () => {
    const dir = dataDir();
    await writeFile(join(dir, DATA_LAYOUT.poolClient), 'not json');
    await expect(poolClientId(dir)).rejects.toThrow(/not a pool client id file/);
  });
});
