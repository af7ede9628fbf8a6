import { writeFileSync } from 'node:fs';
import { lstat, mkdir, readFile, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProject, engineContextMounts, openProject } from '../../../main/intake';
import { discoverEngineContext, searchFolders } from '../../../main/intake/engine-context';
import { limits, rawZip, useTmp, writeTree } from './helpers';

describe('engine context: what the engines would find around a project in place', () => {
  const tmp = useTmp();

  it('finds the nearest config per engine above the project, up to the repository root, and the nearest node_modules', async () => {
    const base = await realpath(tmp());
    writeTree(base, {
      '.shellcheckrc': 'disable=SC1000\n', // above the repository: git and the engine's in-repo view stop before it
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/.shellcheckrc': 'disable=SC2086\n',
      'repo/ruff.toml': 'line-length = 120\n',
      'repo/node_modules/@types/x/index.d.ts': 'export {};\n',
      'repo/sub/pyproject.toml': '[project]\nname = "x"\n', // no [tool.ruff]: Ruff keeps looking upwards
      'repo/sub/tsconfig.base.json': '{ "compilerOptions": { "strict": true } }\n',
      'repo/sub/proj/tsconfig.json': '{\n  // comment\n  "extends": ["../tsconfig.base.json", "../../far.json"],\n}\n',
      'repo/sub/proj/a.sh': 'echo $1\n',
    });
    const root = path.join(base, 'repo/sub/proj');
    expect(await searchFolders(root)).toEqual([root, path.join(base, 'repo/sub'), path.join(base, 'repo')]);
    const ctx = await discoverEngineContext(root);
    expect(ctx.configs).toEqual([
      { name: '.shellcheckrc', from: path.join(base, 'repo/.shellcheckrc') },
      { name: 'ruff.toml', from: path.join(base, 'repo/ruff.toml') },
      { name: 'tsconfig.base.json', from: path.join(base, 'repo/sub/tsconfig.base.json') },
    ]);
    expect(ctx.nodeModules).toBe(path.join(base, 'repo/node_modules'));
    expect(ctx.notes).toEqual(['tsconfig.json extends ../../far.json, which is outside what a run can reproduce; TypeScript will report it missing.']);
  });

  it('takes nothing from above when the project has its own config, and a pyproject.toml only with [tool.ruff]', async () => {
    const base = await realpath(tmp());
    writeTree(base, {
      '.git/HEAD': '',
      '.shellcheckrc': 'disable=SC2086\n',
      'pyproject.toml': '[tool.ruff.lint]\nselect = ["E"]\n',
      'proj/.shellcheckrc': 'disable=SC2034\n',
      'proj/x.py': '',
    });
    const ctx = await discoverEngineContext(path.join(base, 'proj'));
    expect(ctx.configs).toEqual([{ name: 'pyproject.toml', from: path.join(base, 'pyproject.toml') }]);
    expect(ctx.nodeModules).toBeNull();
  });

  it('places the configs and a node_modules link beside the copy, and names what the sandbox must show', async () => {
    const base = await realpath(tmp());
    writeTree(base, {
      '.git/HEAD': '',
      '.shellcheckrc': 'disable=SC2086\n',
      'node_modules/dep/index.d.ts': 'export declare const x: number;\n',
      'proj/a.sh': 'echo $1\n',
    });
    const project = await openProject(path.join(base, 'proj'), { limits: limits(), stagingDir: path.join(base, 'st') });
    const runDir = path.join(base, 'runs', 'j1');
    await mkdir(runDir, { recursive: true });
    const manifest = await copyProject(project, path.join(runDir, 'input'));
    expect(manifest.files.map((f) => f.path)).toEqual(['a.sh']); // the context is not part of the input
    expect(await readFile(path.join(runDir, '.shellcheckrc'), 'utf8')).toBe('disable=SC2086\n');
    expect((await lstat(path.join(runDir, 'node_modules'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(runDir, 'node_modules'))).toBe(path.join(base, 'node_modules'));
    expect(await engineContextMounts(runDir)).toEqual([runDir, path.join(base, 'node_modules')]);
    expect(await engineContextMounts(path.join(base, 'runs'))).toEqual([path.join(base, 'runs')]);
  });

  it('gives a zip no surroundings', async () => {
    const base = await realpath(tmp());
    writeTree(base, { '.git/HEAD': '', '.shellcheckrc': 'disable=SC2086\n', 'proj/a.sh': 'echo\n' });
    const zip = path.join(base, 'p.zip');
    writeFileSync(zip, rawZip([{ name: 'a.sh', data: Buffer.from('echo\n') }]));
    const project = await openProject(zip, { limits: limits(), stagingDir: path.join(base, 'st') });
    expect(project.engineContext).toEqual({ configs: [], nodeModules: null, notes: [] });
  });

  it('says when package.json lists dependencies that are not installed', async () => {
    const base = await realpath(tmp());
    writeTree(base, {
      '.git/HEAD': '',
      'proj/package.json': '{ "dependencies": { "zod": "^3" }, "devDependencies": { "typescript": "^5" } }',
      'proj/src/a.ts': 'import { z } from "zod";\n',
    });
    const project = await openProject(path.join(base, 'proj'), { limits: limits(), stagingDir: path.join(base, 'st') });
    expect(project.engineContext.nodeModules).toBeNull();
    expect(project.summary.warnings).toContain(
      "package.json lists 2 dependencies but no node_modules folder is installed: TypeScript reports their modules as missing, as tsc would in place. Run your package manager's install first.",
    );
  });
});

describe('.gitignore files combined as git does', () => {
  const tmp = useTmp();

  it('reads subfolders\' .gitignore files and the ones above the project up to the repository root', async () => {
    const base = await realpath(tmp());
    writeTree(base, {
      '.gitignore': 'far.py\n', // above the repository: not git's business
      'repo/.git/HEAD': '',
      'repo/.git/info/exclude': 'local-notes.py\n',
      'repo/.gitignore': '*.gen.py\n!keep.gen.py\n',
      'repo/proj/.gitignore': 'secret/\n',
      'repo/proj/a.py': '',
      'repo/proj/far.py': '',
      'repo/proj/x.gen.py': '',
      'repo/proj/keep.gen.py': '',
      'repo/proj/local-notes.py': '',
      'repo/proj/secret/k.py': '',
      'repo/proj/lib/.gitignore': 'scratch.py\n!x.gen.py\n',
      'repo/proj/lib/scratch.py': '',
      'repo/proj/lib/x.gen.py': '', // re-included by the deeper file
      'repo/proj/lib/y.gen.py': '',
      'repo/proj/lib/ok.py': '',
    });
    const project = await openProject(path.join(base, 'repo/proj'), { limits: limits(), stagingDir: path.join(base, 'st') });
    expect(project.manifest.files.map((f) => f.path)).toEqual([
      '.gitignore',
      'a.py',
      'far.py',
      'keep.gen.py',
      'lib/.gitignore',
      'lib/ok.py',
      'lib/x.gen.py',
    ]);
  });
});
