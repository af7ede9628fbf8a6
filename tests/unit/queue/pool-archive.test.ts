import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { extractZip } from '../../../main/intake/zip';
import { zipParts } from '../../../main/queue/pool/archive';
import { RESULT_PARTS } from '../../../main/queue/pool/remote-executor';
import { RUN_LAYOUT } from '../../../main/store';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const temp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'hapyy-pool-zip-'));
  dirs.push(d);
  return d;
};

describe('the pool zip (zipParts)', () => {
  it('round-trips files and folders through intake extraction, leaving links out', async () => {
    const root = await temp();
    await mkdir(join(root, 'input', 'sub'), { recursive: true });
    await writeFile(join(root, 'input', 'sub', 'a.sh'), 'echo a\n');
    await writeFile(join(root, 'run.log'), 'log\n');
    await symlink('/etc/passwd', join(root, 'input', 'link'));
    const zip = await zipParts(root, ['input', 'run.log', 'missing'], 1024 * 1024);
    const dest = await temp();
    await writeFile(join(dest, 'z.zip'), zip);
    await mkdir(join(dest, 'out'));
    const result = await extractZip(join(dest, 'z.zip'), join(dest, 'out'), DEFAULT_SETTINGS.intake);
    expect(result.files).toBe(2);
  });

  it('refuses once the zip passes its bound, with a message naming it', async () => {
    const root = await temp();
    await writeFile(join(root, 'noise.bin'), randomBytes(256 * 1024));
    await expect(zipParts(root, ['noise.bin'], 64 * 1024)).rejects.toThrow(/larger than the shared pool takes/);
  });
  it("a worker sends back the log, findings, outputs and input, never its own record, manifest, ownership or scratch", () => {
    // Stated as in/out rather than a fixed list: a part the run folder gains later (a log index) travels too.
    for (const part of [RUN_LAYOUT.diagnostics, RUN_LAYOUT.input, RUN_LAYOUT.log, RUN_LAYOUT.output]) expect(RESULT_PARTS).toContain(part);
    for (const part of [RUN_LAYOUT.record, RUN_LAYOUT.manifest, RUN_LAYOUT.owner, RUN_LAYOUT.pool, RUN_LAYOUT.tmp, RUN_LAYOUT.home]) expect(RESULT_PARTS).not.toContain(part);
  });
});
