import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobRecordSchema } from '../../../shared/wire/jobs';
import { cli, makeProject, useTempDirs, writeConfig } from './helpers';

const tempDir = useTempDirs();

describe('hapyy run --out', () => {
  it('copies each run’s produced files, run.json and run.log to <out>/<project name>/, unique when names repeat, never over earlier results', async () => {
    const dir = tempDir();
    const a = makeProject(join(dir, 'a'), 'same');
    const b = makeProject(join(dir, 'b'), 'same');
    // Writes a result, adds a file to its input copy, and plants a link to a file outside the run.
    const script = 'cat main.sh > "$2/result.txt"; echo made > generated.txt; ln -s /etc/hostname "$2/escape"; echo finished';
    const config = writeConfig(dir, [{ id: 'maker', command: '/bin/sh', args: ['-c', script, 'sh', '{input}', '{output}'] }]);
    const run = () => cli(['run', 'maker', a, b, '--out', 'results', '--config', config, '--data-dir', join(dir, 'data')], { cwd: dir });

    const r = await run();
    expect(r.exitCode, r.stderr).toBe(0);
    const out = join(dir, 'results');
    expect(readdirSync(out).sort()).toEqual(['same', 'same-2']);
    for (const [name, project] of [['same', a], ['same-2', b]] as const) {
      const dest = join(out, name);
      const record = JobRecordSchema.parse(JSON.parse(readFileSync(join(dest, 'run.json'), 'utf8')));
      expect(record.project.source).toBe(project);
      expect(record.status).toBe('completed');
      expect(readFileSync(join(dest, 'output', 'result.txt'), 'utf8')).toContain(JSON.stringify(project));
      expect(readFileSync(join(dest, 'input', 'generated.txt'), 'utf8')).toBe('made\n');
      expect(readFileSync(join(dest, 'run.log'), 'utf8')).toContain('finished');
      // Links are never copied or followed; the project's own unchanged files are not results.
      expect(() => lstatSync(join(dest, 'output', 'escape'))).toThrow(/ENOENT/);
      expect(existsSync(join(dest, 'input', 'main.sh'))).toBe(false);
      expect(r.stdout).toContain(dest);
    }

    const again = await run();
    expect(again.exitCode, again.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['same', 'same-2', 'same-3', 'same-4']);
    const first = JobRecordSchema.parse(JSON.parse(readFileSync(join(out, 'same', 'run.json'), 'utf8')));
    const third = JobRecordSchema.parse(JSON.parse(readFileSync(join(out, 'same-3', 'run.json'), 'utf8')));
    expect(third.jobId).not.toBe(first.jobId);
    expect(third.project.source).toBe(a);
  });
});
