import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolStatusSchema } from '../../../shared/contract';
import { JobRecordSchema } from '../../../shared/wire/jobs';
import { ExampleSchema } from '../../../shared/projects';
import { BUILTIN_TOOLS } from '../../../shared/tools';
import { BUGGY, CLEAN, EXAMPLES, ROOT, cli, inBatches, useTempDirs, writeConfig } from './helpers';

const tempDir = useTempDirs();

describe('hapyy --help and --version', () => {
  it('print usage and the package version on stdout, exit 0', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const [help, h, ver, v] = await inBatches([['--help'], ['-h'], ['--version'], ['-v']], 2, (args) => cli(args));
    for (const r of [help, h]) {
      expect(r?.exitCode).toBe(0);
      expect(r?.stdout).toMatch(/^Usage:\n {2}hapyy tools/);
      expect(r?.stdout).toMatch(/hapyy run <tool-id> <path>\.\.\. \[--json \| --format human\|github\] \[--raw\] \[--sarif <file>\] \[--out <dir>\]\n +\[--timeout <seconds>\] \[--baseline <run-id\|sarif-file>\] \[--config <file>\] \[--data-dir <dir>\]/);
      expect(r?.stderr).toBe('');
    }
    for (const r of [ver, v]) {
      expect(r?.exitCode).toBe(0);
      expect(r?.stdout).toBe(`${version}\n`);
    }
  });
});

describe('hapyy tools', () => {
  it('--json: every tool with availability, engine, version and path, or what was looked for', async () => {
    const dir = tempDir();
    const emptyBin = join(dir, 'bin');
    mkdirSync(emptyBin);
    const config = writeConfig(dir, [{ id: 'my-sh', command: '/bin/sh', args: ['{input}'] }]);
    const [withPath, bare] = await Promise.all([
      cli(['tools', '--json', '--config', config, '--data-dir', join(dir, 'a')]),
      cli(['tools', '--json', '--data-dir', join(dir, 'b')], { env: { PATH: emptyBin }, bareEnv: true }),
    ]);
    expect(withPath.exitCode, withPath.stderr).toBe(0);
    const tools = z.array(ToolStatusSchema).parse(JSON.parse(withPath.stdout));
    expect(tools.map((t) => t.tool.id)).toEqual([...BUILTIN_TOOLS.map((t) => t.id), 'my-sh']);
    const byId = new Map(tools.map((t) => [t.tool.id, t]));
    expect(byId.get('bash-verification')).toMatchObject({ available: true, engine: { id: 'shellcheck' } });
    expect(existsSync(byId.get('bash-verification')?.engine?.path ?? '')).toBe(true);
    expect(byId.get('bash-verification')?.engine?.version).toMatch(/^\d+\.\d+/);
    expect(byId.get('typescript-linter')).toMatchObject({ available: true, engine: { id: 'tsc' } });
    expect(byId.get('my-sh')).toMatchObject({ available: true, engine: { path: '/bin/sh' } });

    expect(bare.exitCode, bare.stderr).toBe(0);
    const python = z.array(ToolStatusSchema).parse(JSON.parse(bare.stdout)).find((t) => t.tool.id === 'python-linter');
    expect(python).toMatchObject({ available: false, engine: null });
    expect(python?.lookedFor.flatMap((l) => l.commands)).toEqual(['hupyy-python-lint', 'ruff', 'pyflakes', 'pyflakes3']);
  });

  it('as a table, with how to install what is missing on stderr', async () => {
    const r = await cli(['tools', '--data-dir', tempDir()]);
    expect(r.exitCode, r.stderr).toBe(0);
    const [tableText, protections] = r.stdout.split('\nProtections for runs started now:\n');
    const [header, ...rows] = (tableText ?? '').trimEnd().split('\n');
    expect(header).toMatch(/^TOOL +AVAILABLE +ENGINE +VERSION +PATH$/);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(BUILTIN_TOOLS.map((t) => t.id));
    expect(r.stdout).toMatch(/^bash-verification +yes +ShellCheck +\S+ +\/\S*shellcheck$/m);
    expect(r.stdout).toMatch(/^cpp-to-c-transpiler +no +- +- +looked for hupyy-cpp2c; cpptoc$/m);
    expect(r.stderr).toMatch(/cpp-to-c-transpiler: Install the Hapyy CLI/);
    expect(protections).toMatch(/^ {2}(on |OFF) {2}Sandbox \(bubblewrap\)/m);
  });

  it('says plainly when the sandbox and no-network are off (sandbox: false in --config)', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ sandbox: false }));
    const r = await cli(['tools', '--config', config, '--data-dir', dir]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}OFF {2}Sandbox \(bubblewrap\) — .*turned off in Settings/m);
    expect(r.stdout).toMatch(/^ {2}OFF {2}No network/m);

    const run = await cli(['run', 'bash-verification', CLEAN, '--config', config, '--data-dir', dir]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: not sandboxed .*turned off in Settings/);
    const runDir = join(dir, 'runs', readdirSync(join(dir, 'runs'))[0] as string);
    const record = JobRecordSchema.parse(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')));
    expect(record.protections).not.toContain('bubblewrap');
    expect(record.protections).not.toContain('no-network');
  });
});

describe('hapyy examples', () => {
  it('lists the bundled examples, all or for one tool, with folders that exist', async () => {
    const [all, one, json, unknown] = await inBatches(
      [['examples'], ['examples', 'bash-verification'], ['examples', 'bash-verification', '--json'], ['examples', 'no-such-tool']],
      2,
      (args) => cli(args),
    );
    const onDisk = readdirSync(EXAMPLES).flatMap((tool) => readdirSync(join(EXAMPLES, tool)));
    expect(all?.exitCode).toBe(0);
    expect(all?.stdout).toMatch(/^EXAMPLE +TOOL +PATH +DESCRIPTION$/m);
    for (const id of onDisk) expect(all?.stdout).toMatch(new RegExp(`^${id} `, 'm'));

    expect(one?.exitCode).toBe(0);
    expect(one?.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(one?.stdout).toMatch(/^bash-clean-script +bash-verification +resources\/examples\/bash-verification\/bash-clean-script +/m);

    expect(json?.exitCode).toBe(0);
    const list = z.array(ExampleSchema.extend({ path: z.string() })).parse(JSON.parse(json?.stdout ?? ''));
    expect(list.map((x) => x.id)).toEqual(['bash-clean-script', 'bash-quoting-bugs']);
    expect(list.map((x) => x.path)).toEqual([CLEAN, BUGGY]);

    expect(unknown?.exitCode).toBe(2);
    expect(unknown?.stderr).toMatch(/no built-in tool called “no-such-tool”/);
  });
});

describe('hapyy history', () => {
  it('lists the runs in the data folder, newest first; an empty one says so on stderr', async () => {
    const dataDir = tempDir();
    const empty = await cli(['history', '--data-dir', dataDir]);
    expect(empty).toMatchObject({ exitCode: 0, stdout: '' });
    expect(empty.stderr).toMatch(/No runs yet/);

    expect((await cli(['run', 'bash-verification', CLEAN, BUGGY, '--data-dir', dataDir])).exitCode).toBe(1);
    const [json, table] = await Promise.all([cli(['history', '--json', '--data-dir', dataDir]), cli(['history', '--data-dir', dataDir])]);
    expect(json.exitCode).toBe(0);
    const records = z.array(JobRecordSchema).parse(JSON.parse(json.stdout));
    expect(records.map((r) => `${r.project.name}:${r.status}`)).toEqual(['bash-quoting-bugs:problems', 'bash-clean-script:completed']);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/^JOB +TOOL +PROJECT +STATUS +TIME +QUEUED AT +RESULT$/m);
    expect(table.stdout).toMatch(new RegExp(`^${records[0]?.jobId} +bash-verification +bash-quoting-bugs +problems `, 'm'));
  });
});
