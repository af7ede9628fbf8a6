import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLine, examplePath, parseDiagnostics, Registry } from '../../../main/registry';
import type { ResolvedEngine } from '../../../main/registry';
import { findOnPath } from '../../../main/registry/path-lookup';
import type { Diagnostic } from '../../../shared/diagnostics';
import { EXAMPLES_DIR, removeDir, settingsWith, tempDir, treeHash, TSC_SCRIPT } from './helpers';

const SHELLCHECK = await findOnPath('shellcheck', { pathEnv: process.env.PATH ?? '', platform: process.platform });
if (!SHELLCHECK && process.env.CI) throw new Error('ShellCheck is required in CI');

/** As the runner will: the engine on a private copy of the project, cwd = input, then the parser. */
async function runOn(resolved: ResolvedEngine, input: string): Promise<{ exitCode: number | undefined; diagnostics: Diagnostic[]; stdout: string }> {
  const output = path.join(path.dirname(input), 'output');
  await mkdir(output, { recursive: true });
  const line = await commandLine(resolved, input, output);
  const r = await execa(line.command, line.args, {
    cwd: input,
    env: resolved.env,
    reject: false,
    stdin: 'ignore',
    timeout: 25_000,
  });
  return { exitCode: r.exitCode, stdout: r.stdout, diagnostics: parseDiagnostics(resolved.engine.diagnostics, r.stdout, input) };
}

describe('real engines on the bundled examples', () => {
  let work: string;
  let registry: Registry;
  let examplesBefore: string;

  beforeAll(async () => {
    examplesBefore = await treeHash(EXAMPLES_DIR);
    work = await tempDir('hapyy-engines-');
    registry = new Registry({
      settings: settingsWith({}),
      bundled: { tsc: TSC_SCRIPT },
      nodeRuntime: { command: process.execPath, env: {} },
      // ShellCheck's folder only: no Hapyy CLI can shadow it.
      envPath: SHELLCHECK ? path.dirname(SHELLCHECK) : '',
      loginShellPath: async () => undefined,
    });
    await registry.detect();
  });
  afterAll(async () => {
    await removeDir(work);
    expect(await treeHash(EXAMPLES_DIR)).toBe(examplesBefore);
  });

  /** The intake's job, done here by hand: a private copy of the example. */
  async function copyOf(exampleId: string): Promise<string> {
    const input = path.join(work, exampleId, 'input');
    await cp(await examplePath(EXAMPLES_DIR, exampleId), input, { recursive: true });
    return input;
  }

  describe.skipIf(!SHELLCHECK)('ShellCheck', () => {
    it('flags the quoting and unset-variable bugs', async () => {
      const resolved = registry.resolve('bash-verification');
      expect(resolved.engine.id).toBe('shellcheck');
      const { exitCode, diagnostics } = await runOn(resolved, await copyOf('bash-quoting-bugs'));
      expect(exitCode).not.toBe(0);
      const codes = diagnostics.map((d) => d.code);
      expect(codes).toContain('SC2086');
      expect(codes).toContain('SC2154');
      expect(diagnostics.find((d) => d.code === 'SC2154')).toMatchObject({ file: 'backup.sh', line: 14, severity: 'warning' });
      expect(diagnostics.every((d) => d.file === 'backup.sh')).toBe(true);
    });

    it('finds nothing in the clean script', async () => {
      const { exitCode, diagnostics } = await runOn(registry.resolve('bash-verification'), await copyOf('bash-clean-script'));
      expect(diagnostics).toEqual([]);
      expect(exitCode).toBe(0);
    });
  });

  describe('bundled tsc', () => {
    it('finds the type errors in the ts-type-error example', async () => {
      const resolved = registry.resolve('typescript-linter');
      expect(resolved.engine.id).toBe('tsc');
      const { exitCode, diagnostics } = await runOn(resolved, await copyOf('ts-type-error'));
      expect(exitCode).toBe(2);
      expect(diagnostics).toEqual([
        expect.objectContaining({ file: 'src/main.ts', line: 7, code: 'TS2322', severity: 'error' }),
        expect.objectContaining({ file: 'src/main.ts', line: 13, code: 'TS2532', severity: 'error' }),
      ]);
    });

    it('passes the clean project', async () => {
      const { exitCode, diagnostics, stdout } = await runOn(registry.resolve('typescript-linter'), await copyOf('ts-clean-project'));
      expect(stdout).toBe('');
      expect(diagnostics).toEqual([]);
      expect(exitCode).toBe(0);
    });

    it('checks loose files when there is no tsconfig.json, skipping node_modules', async () => {
      const input = path.join(work, 'loose', 'input');
      await mkdir(path.join(input, 'lib'), { recursive: true });
      await mkdir(path.join(input, 'node_modules', 'dep'), { recursive: true });
      await writeFile(path.join(input, 'lib', 'util.ts'), 'export function twice(n: number): number {\n  return n * 2;\n}\n');
      await writeFile(path.join(input, 'main.ts'), "import { twice } from './lib/util';\nconst s: string = twice(2);\nexport { s };\n");
      await writeFile(path.join(input, 'node_modules', 'dep', 'broken.ts'), 'const x: number = "no";\n');
      const { diagnostics } = await runOn(registry.resolve('typescript-linter'), input);
      expect(diagnostics).toEqual([expect.objectContaining({ file: 'main.ts', line: 2, column: 7, code: 'TS2322' })]);
    });
  });
});
