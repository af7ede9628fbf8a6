import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildArgs } from '../../../main/registry/args';
import { scriptShell, shebangProgram } from '../../../shared/shell-scripts';
import { ToolOverrideSchema } from '../../../shared/settings';
import { BUILTIN_TOOLS } from '../../../shared/tools';
import type { EngineDef } from '../../../shared/tools';
import { removeDir, tempDir } from './helpers';

const engineOf = (toolId: string, engineId: string): EngineDef => {
  const e = BUILTIN_TOOLS.find((t) => t.id === toolId)?.execution.engines.find((x) => x.id === engineId);
  if (!e) throw new Error(`no engine ${toolId}/${engineId}`);
  return e;
};

async function touch(root: string, rel: string, content = ''): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), content);
}

describe('buildArgs (real folders)', () => {
  let input: string;
  const output = '/runs/j1/output';
  beforeEach(async () => {
    input = await tempDir('hapyy-args-$x-');
  });
  afterEach(async () => {
    await removeDir(input);
  });

  it('tells cpptoc the C++ standard from the tool’s setting, C++17 when unset', async () => {
    const cpptoc = engineOf('cpp-to-c-transpiler', 'cpptoc');
    expect(await buildArgs(cpptoc, input, output)).toEqual([`--source-dir=${input}`, `--output-dir=${output}`, '--', '-std=c++17']);
    expect(await buildArgs(cpptoc, input, output, undefined, { cppStandard: 'c++20' })).toEqual([`--source-dir=${input}`, `--output-dir=${output}`, '--', '-std=c++20']);
    // Only the known standards are accepted as a setting: nothing else reaches the engine's command line.
    expect(ToolOverrideSchema.safeParse({ cppStandard: 'c++20' }).success).toBe(true);
    expect(ToolOverrideSchema.safeParse({ cppStandard: 'c++20 -fplugin=/tmp/x.so' }).success).toBe(false);
  });

  it('uses the tsconfig variant when tsconfig.json exists at the root', async () => {
    await touch(input, 'tsconfig.json');
    expect(await buildArgs(engineOf('typescript-linter', 'tsc'), input, output)).toEqual(['--noEmit', '--pretty', 'false', '-p', input]);
  });

  it('otherwise lists the matching files, sorted, relative, skipping node_modules and .git', async () => {
    for (const f of ['b.ts', 'a/z.tsx', 'a/b.mts', 'C.TS', 'readme.md', 'node_modules/x/i.ts', '.git/h.ts', 'deep/er/x.cts', 'sub/tsconfig.json']) {
      await touch(input, f);
    }
    const args = await buildArgs(engineOf('typescript-linter', 'tsc'), input, output);
    expect(args.slice(0, 11)).toContain('--target');
    expect(args.slice(11)).toEqual(['C.TS', 'a/b.mts', 'a/z.tsx', 'b.ts', 'deep/er/x.cts']);
  });

  it('keeps a file named like an option from reading as one', async () => {
    await touch(input, '-rf.sh');
    await touch(input, 'ok.bash');
    expect(await buildArgs(engineOf('bash-verification', 'shellcheck'), input, output)).toEqual(['-f', 'json1', '-x', './-rf.sh', 'ok.bash']);
  });

  it('expands {input} and {output} inside arguments, literally (a $ in the folder name stays)', async () => {
    const engine: EngineDef = { ...engineOf('cpp-to-c-transpiler', 'hapyy'), argVariants: [{ args: ['--in={input}', '{output}/x', '{input}'] }] };
    expect(input).toContain('$x');
    expect(await buildArgs(engine, input, output)).toEqual([`--in=${input}`, `${output}/x`, input]);
  });

  it('gives the Hapyy CLI --input <folder>', async () => {
    expect(await buildArgs(engineOf('bash-verification', 'hapyy'), input, output)).toEqual(['--input', input]);
  });

  it('does not look outside the input for a variant condition', async () => {
    const engine: EngineDef = {
      ...engineOf('typescript-linter', 'tsc'),
      argVariants: [{ whenFileExists: '../', args: ['outside'] }, { args: ['inside'] }],
    };
    expect(await buildArgs(engine, input, output)).toEqual(['inside']);
  });

  it('gives a name that is not UTF-8 as its exact bytes', async () => {
    const raw = Buffer.from('caf\xe9.sh', 'latin1');
    await writeFile(Buffer.concat([Buffer.from(`${input}/`), raw]), 'echo $1\n');
    await touch(input, 'b.sh');
    const args = await buildArgs(engineOf('bash-verification', 'shellcheck'), input, output);
    expect(args.slice(3)).toEqual(['b.sh', raw]);
    expect(Buffer.isBuffer(args[4])).toBe(true);
  });

  it('adds scripts without an extension whose shebang runs sh or bash, and nothing else', async () => {
    await touch(input, 'completions/git', '#!/bin/bash\n_git() { :; }\n');
    await touch(input, 'bin/tool', '#!/usr/bin/env -S bash -eu\necho hi\n');
    await touch(input, 'bin/posix', '#! /bin/sh -e\r\necho hi\n');
    await touch(input, 'bin/py', '#!/usr/bin/env python3\nprint(1)\n');
    await touch(input, 'bin/zsh', '#!/bin/zsh\necho\n');
    await touch(input, 'notes.txt', 'bash is nice\n');
    await touch(input, 'completions/apt', '#    -*- shell-script -*-\n_apt() { :; }\n');
    await touch(input, 'lib/funcs', '# shellcheck shell=bash\nf() { :; }\n');
    await touch(input, 'lib/elisp', ';; -*- lisp -*-\n');
    await touch(input, 'empty', '');
    await chmod(path.join(input, 'bin/tool'), 0o755);
    const args = await buildArgs(engineOf('bash-verification', 'shellcheck'), input, output);
    expect(args.slice(3)).toEqual(['bin/posix', 'bin/tool', 'completions/apt', 'completions/git', 'lib/funcs']);
  });

  it('reads the program from a shebang line', () => {
    const p = (s: string) => shebangProgram(Buffer.from(s));
    expect(p('#!/bin/bash\n')).toBe('bash');
    expect(p('#!/usr/bin/env bash\n')).toBe('bash');
    expect(p('#!/usr/bin/env -S VAR=1 dash -x\n')).toBe('dash');
    expect(p('#!/bin/sh\r\n')).toBe('sh');
    expect(p('# not a shebang\n')).toBeNull();
    const shell = (s: string) => scriptShell(Buffer.from(s));
    expect(shell('#!/bin/dash\n')).toBe('dash');
    expect(shell('# x(1) completion     -*- shell-script -*-\n')).toBe('sh');
    expect(shell('# comment\n# shellcheck disable=SC1090 shell=ksh\n')).toBe('ksh');
    expect(shell('# -*- python -*-\n')).toBeNull();
    expect(p('')).toBeNull();
  });
});
