import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TOOLS } from '../../../shared/tools';
import { CLEAN, cli, inBatches, runRecords, useTempDirs } from './helpers';
import { writeFileSync } from 'node:fs';

const tempDir = useTempDirs();
const bash = BUILTIN_TOOLS.find((t) => t.id === 'bash-verification');

describe('hapyy run --timeout', () => {
  it('lowers or raises the time limit, never past the tool’s maximum (as run.json records it)', async () => {
    expect(bash?.execution).toMatchObject({ defaultTimeoutSec: 60, maxTimeoutSec: 600 });
    const dir = tempDir();
    const configured = join(dir, 'configured.json');
    writeFileSync(configured, JSON.stringify({ tools: { 'bash-verification': { timeoutSec: 120 } } }));
    const tooHigh = join(dir, 'too-high.json');
    writeFileSync(tooHigh, JSON.stringify({ tools: { 'bash-verification': { timeoutSec: 5000 } } }));

    const cases: { name: string; args: string[]; expected: number; note?: RegExp }[] = [
      { name: 'lowered', args: ['--timeout', '5'], expected: 5 },
      { name: 'raised within the maximum', args: ['--timeout', '300'], expected: 300 },
      { name: 'above the maximum', args: ['--timeout', '1000'], expected: 600, note: /--timeout 1000 is above Bash Verification's maximum of 600 s; using 600 s/ },
      { name: 'raised over the configured', args: ['--timeout', '200', '--config', configured], expected: 200 },
      { name: 'configured above the maximum', args: ['--config', tooHigh], expected: 600 },
    ];
    const results = await inBatches(cases, 2, async (c) => {
      const dataDir = join(dir, c.name.replaceAll(' ', '-'));
      const r = await cli(['run', 'bash-verification', CLEAN, ...c.args, '--data-dir', dataDir]);
      return { r, records: runRecords(dataDir) };
    });
    cases.forEach((c, i) => {
      const { r, records } = results[i] as (typeof results)[number];
      expect(r.exitCode, `${c.name}: ${r.stderr}`).toBe(0);
      expect(records.map((rec) => rec.timeoutSec), c.name).toEqual([c.expected]);
      if (c.note) expect(r.stderr, c.name).toMatch(c.note);
      else expect(r.stderr, c.name).not.toMatch(/is above/);
    });
  });
});
