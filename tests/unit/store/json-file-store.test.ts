import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { RecentProjectSchema } from '../../../shared/projects';
import { JsonFileStore } from '../../../main/store';
import { useTempDirs } from './helpers';

const tempDir = useTempDirs();
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const make = (path: string) =>
  new JsonFileStore({ path, schema: z.array(RecentProjectSchema), defaults: [] as z.infer<typeof RecentProjectSchema>[], now: () => NOW });
const entry = { source: '/home/u/p', name: 'p', kind: 'folder' as const, openedAt: 5 };

describe('JsonFileStore', () => {
  it('a missing file gives the defaults, silently', async () => {
    expect(await make(join(tempDir(), 'recent.json')).load()).toEqual({ value: [], notices: [] });
  });

  it('saves atomically (creating the folder) and loads back', async () => {
    const path = join(tempDir(), 'sub', 'recent.json');
    await make(path).save([entry]);
    expect((await make(path).load()).value).toEqual([entry]);
    expect(readdirSync(join(path, '..'))).toEqual(['recent.json']);
  });

  it('refuses to save an invalid value', async () => {
    const path = join(tempDir(), 'recent.json');
    await expect(make(path).save([{ ...entry, kind: 'nope' } as never])).rejects.toThrow();
  });

  it('damaged JSON: defaults, the file kept as a backup, and a notice saying so', async () => {
    const dir = tempDir();
    const path = join(dir, 'recent.json');
    writeFileSync(path, '[{"source": ');
    const { value, notices } = await make(path).load();
    expect(value).toEqual([]);
    const backup = `${path}.corrupt-2025-06-01T12-00-00-000Z`;
    expect(readFileSync(backup, 'utf8')).toBe('[{"source": ');
    expect(readdirSync(dir)).toEqual([`recent.json.corrupt-2025-06-01T12-00-00-000Z`]);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatch(/^recent\.json was damaged \(not valid JSON: .*\); a backup was kept at .*corrupt-2025-06-01T12-00-00-000Z, and the defaults are used\.$/);
  });

  it('an invalid value: the notice names the field and the reason', async () => {
    const path = join(tempDir(), 'recent.json');
    writeFileSync(path, JSON.stringify([entry, { ...entry, kind: 'floppy' }]));
    const { value, notices } = await make(path).load();
    expect(value).toEqual([]);
    expect(notices[0]?.message).toContain('1.kind:');
    expect(notices[0]?.message).toContain('a backup was kept at');
  });
});
