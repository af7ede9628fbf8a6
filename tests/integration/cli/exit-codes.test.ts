import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUGGY, CLEAN, EXAMPLES, cli, inBatches, type CliResult, finishedRecords, parseEvents, runRecords, useTempDirs, writeConfig } from './helpers';

const tempDir = useTempDirs();

// Every exit code of `hapyy run`, through the real executable with its own data folder.
describe('hapyy exit codes', () => {
  it('0: every run completed cleanly (ShellCheck finds nothing in the clean example)', async () => {
    const dataDir = tempDir();
    const r = await cli(['run', 'bash-verification', CLEAN, '--data-dir', dataDir]);
    expect(r.exitCode, r.stderr).toBe(0);
    const [record] = runRecords(dataDir);
    expect(record).toMatchObject({ status: 'completed', exitCode: 0, diagnostics: { error: 0, warning: 0, info: 0 }, timeoutSec: 60 });
    expect(record?.engine?.id).toBe('shellcheck');
  });

  it('1: the tool ran and reported problems (ShellCheck on the quoting-bugs example)', async () => {
    const dataDir = tempDir();
    const r = await cli(['run', 'bash-verification', BUGGY, '--data-dir', dataDir]);
    expect(r.exitCode, r.stderr).toBe(1);
    const [record] = runRecords(dataDir);
    // Finding problems is the tool's success: 'problems', not 'failed' (which means the tool itself broke).
    expect(record?.status).toBe('problems');
    expect(record?.exitCode).not.toBe(0);
    expect(record?.diagnostics?.error).toBeGreaterThan(0);
  });

  describe('2: usage or configuration error', () => {
    it('unknown commands and options, missing arguments, bad --timeout values (each refused before any work)', async () => {
      const cases: [string, string[], RegExp][] = [
        ['an unknown command', ['frobnicate'], /unknown command “frobnicate”/],
        ['no command', [], /which command/],
        ['run without a path', ['run', 'bash-verification'], /needs a tool id and at least one path/],
        ['run without anything', ['run'], /needs a tool id/],
        ['an unknown option', ['run', 'bash-verification', CLEAN, '--frob'], /--frob/],
        ['a --timeout that is not whole seconds', ['run', 'bash-verification', CLEAN, '--timeout', '1.5'], /--timeout takes a whole number/],
        ['a --timeout of zero', ['run', 'bash-verification', CLEAN, '--timeout', '0'], /--timeout takes a whole number/],
        ['an option the command does not take', ['examples', '--out', '/tmp/x'], /`examples` does not take --out/],
        ['extra arguments', ['tools', 'extra'], /`tools` takes no arguments/],
      ];
      const dataDir = tempDir();
      // Independent invocations, a few at a time: each is a real process start.
      const results = await inBatches(cases, 3, ([, args]) => cli([...args, ...(args[0] === 'examples' ? [] : ['--data-dir', dataDir])]));
      cases.forEach(([name, , message], i) => {
        const r = results[i] as CliResult;
        expect(r.exitCode, name).toBe(2);
        expect(r.stderr, name).toMatch(message);
        expect(r.stderr, name).toContain('Usage:');
        expect(r.stdout, name).toBe('');
      });
      expect(runRecords(dataDir)).toEqual([]);
    });

    it('an unknown tool id', async () => {
      const r = await cli(['run', 'no-such-tool', CLEAN, '--data-dir', tempDir()]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/no tool called “no-such-tool”/);
    });

    it('a bad --config is refused with the field named: bad or unknown settings, bad custom tools, not JSON, missing', async () => {
      const dir = tempDir();
      const file = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      const badTool = { customTools: [{ id: 'ok-tool', name: 'x', category: 'linter', sourceLanguage: 'cobol', command: '/bin/true' }] };
      const cases: [string, string, RegExp][] = [
        ['a bad value', file('bad.json', JSON.stringify({ queue: { concurrency: 'lots' }, limits: { graceMs: 100 } })), /queue\.concurrency/],
        ['an unknown setting', file('unknown.json', JSON.stringify({ limits: { graceMs: 100, colour: 'red' } })), /limits\.colour: unknown setting/],
        ['a bad custom tool', file('tool.json', JSON.stringify(badTool)), /customTools\[0\]\.sourceLanguage/],
        ['not JSON', file('broken.json', '{"queue": '), /not valid JSON/],
        ['missing', join(dir, 'missing.json'), /Cannot read the config file .*missing\.json/],
      ];
      const results = await inBatches(cases, 3, ([name, config]) =>
        cli(['run', 'bash-verification', CLEAN, '--config', config, '--data-dir', join(dir, name.replaceAll(' ', '-'))]),
      );
      cases.forEach(([name, , message], i) => {
        const r = results[i] as CliResult;
        expect(r.exitCode, name).toBe(2);
        expect(r.stderr, name).toMatch(message);
        expect(runRecords(join(dir, name.replaceAll(' ', '-'))), name).toEqual([]);
      });
    });
  });

  describe('3: a project rejected by intake', () => {
    it('an empty folder', async () => {
      const dir = tempDir();
      mkdirSync(join(dir, 'empty'));
      const r = await cli(['run', 'bash-verification', join(dir, 'empty'), '--data-dir', join(dir, 'data')]);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(/no files/);
      expect(runRecords(join(dir, 'data'))).toEqual([]);
    });

    it('a path that does not exist', async () => {
      const dir = tempDir();
      const r = await cli(['run', 'bash-verification', join(dir, 'nowhere'), '--data-dir', dir]);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain('nowhere');
    });

    it('with several projects, the good ones still run and the rejection decides the code (3 > 1)', async () => {
      const dir = tempDir();
      mkdirSync(join(dir, 'empty'));
      const r = await cli(['run', 'bash-verification', CLEAN, join(dir, 'empty'), BUGGY, '--json', '--data-dir', join(dir, 'data')]);
      expect(r.exitCode).toBe(3);
      const statuses = finishedRecords(parseEvents(r.stdout)).map((rec) => `${rec.project.name}:${rec.status}`);
      expect(statuses.sort()).toEqual(['bash-clean-script:completed', 'bash-quoting-bugs:problems']);
      expect(r.stderr).toMatch(/\[empty\] .*no files/);
    });
  });

  describe('4: the tool is unavailable', () => {
    it('python-linter when neither hupyy-python-lint, ruff nor pyflakes is on PATH', async () => {
      const dir = tempDir();
      const emptyBin = join(dir, 'bin');
      mkdirSync(emptyBin);
      const r = await cli(['run', 'python-linter', join(EXAMPLES, 'python-linter', 'python-clean-module'), '--data-dir', join(dir, 'data')], { env: { PATH: emptyBin }, bareEnv: true });
      expect(r.exitCode, r.stderr).toBe(4);
      expect(r.stderr).toMatch(/Python Linter is not available/);
      expect(r.stderr).toContain('ruff');
      expect(r.stderr).toContain('pyflakes');
      expect(runRecords(join(dir, 'data'))).toEqual([]);
    });

    it('a custom tool whose command does not exist', async () => {
      const dir = tempDir();
      const config = writeConfig(dir, [{ id: 'ghost', command: join(dir, 'no-such-program'), args: ['{input}'] }]);
      const r = await cli(['run', 'ghost', CLEAN, '--config', config, '--data-dir', join(dir, 'data')]);
      expect(r.exitCode).toBe(4);
      expect(r.stderr).toContain('no-such-program');
    });
  });

  it('5: a run hits its time limit (a custom tool that sleeps past --timeout 1)', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const config = writeConfig(dir, [{ id: 'sleeper', command: '/bin/sh', args: ['-c', 'echo going to sleep; sleep 30', 'sh', '{input}'], timeoutSec: 20 }]);
    const started = Date.now();
    const r = await cli(['run', 'sleeper', CLEAN, '--timeout', '1', '--config', config, '--data-dir', dataDir]);
    expect(r.exitCode, r.stderr).toBe(5);
    // Stopped at its 1 s limit plus the default 2 s grace, not after the tool's 30 s sleep or its 20 s limit.
    expect(Date.now() - started).toBeLessThan(15_000);
    const [record] = runRecords(dataDir);
    expect(record).toMatchObject({ status: 'timeout', timeoutSec: 1 });
    expect(r.stdout).toContain('going to sleep');
  });

  it('5: a project refused by the per-client hourly limit (the others still run), with how to lift it', async () => {
    const dir = tempDir();
    const config = join(dir, 'hourly.json');
    writeFileSync(config, JSON.stringify({ queue: { perClientHourly: 2 } }));
    const r = await cli(['run', 'bash-verification', CLEAN, CLEAN, CLEAN, '--json', '--config', config, '--data-dir', join(dir, 'data')]);
    expect(r.exitCode, r.stderr).toBe(5);
    expect(finishedRecords(parseEvents(r.stdout)).map((rec) => rec.status)).toEqual(['completed', 'completed']);
    expect(r.stderr).toMatch(/\[bash-clean-script-3\] You have submitted 2 jobs in the last hour; the limit is 2\..*queue\.perClientHourly to 0/);
  });
});
