import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readBuilderConfig, REPO_ROOT } from './builder-config';
import { which } from '../../../bench/lib/which';

/**
 * Windows: the NSIS installer puts `hapyy.cmd`'s folder on the user's PATH (build/installer.nsh, wired as
 * `nsis.include`). electron-builder and Windows cannot run here, so the include is checked statically and compiled
 * with Debian's makensis (the `nsis` package) into a small installer that uses its macros as electron-builder does.
 */
const INCLUDE = join(REPO_ROOT, 'build', 'installer.nsh');
const MAKENSIS = await which('makensis');
if (!MAKENSIS && process.env.CI) throw new Error('makensis (apt package nsis) is required in CI');
const run = promisify(execFile);

describe('the NSIS include that puts hapyy on PATH', () => {
  let text: string;
  let dir: string;
  beforeAll(async () => {
    text = await readFile(INCLUDE, 'utf8');
    dir = await mkdtemp(join(tmpdir(), 'hapyy-nsis-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is wired in electron-builder.yml for a per-user install', () => {
    const config = readBuilderConfig();
    const nsis = z.looseObject({ include: z.string(), perMachine: z.boolean() }).parse(config.nsis);
    expect(join(REPO_ROOT, nsis.include)).toBe(INCLUDE);
    // Per user, so the user's Path (HKCU) is the right one to edit.
    expect(nsis.perMachine).toBe(false);
  });

  it('adds and removes the folder the installed hapyy.cmd lies in (extraResources build/cli → resources/bin)', () => {
    const config = readBuilderConfig();
    const extra = z.array(z.looseObject({ from: z.string(), to: z.string(), filter: z.array(z.string()).optional() })).parse(config.extraResources);
    const launchers = extra.find((e) => e.from === 'build/cli');
    expect(launchers?.to).toBe('bin');
    expect(launchers?.filter).toContain('hapyy.cmd');
    expect(text).toContain('"HAPYY_BIN", t "$INSTDIR\\resources\\bin"');
    expect(text).toMatch(/!macro customInstall\s+!insertmacro hapyyEditPath `\$\{HAPYY_PATH_ADD\}`\s+!macroend/);
    expect(text).toMatch(/!macro customUnInstall\s+!insertmacro hapyyEditPath `\$\{HAPYY_PATH_REMOVE\}`\s+!macroend/);
    // The user's Path, its type kept, other entries' %VARIABLES% left unexpanded.
    expect(text).toContain("CurrentUser.CreateSubKey('Environment')");
    expect(text).toContain("'DoNotExpandEnvironmentNames'");
    expect(text.match(/'ExpandString'/g)?.length).toBe(2);
  });

  it('keeps each PowerShell command line within NSIS’s default 1024-character string', () => {
    const defs = Object.fromEntries([...text.matchAll(/^!define (\w+) `(.*)`$/gm)].map((m) => [m[1], m[2]]));
    const expand = (s: string): string => s.replace(/\$\{(\w+)\}/g, (_, k: string) => expand(defs[k] ?? ''));
    for (const name of ['HAPYY_PATH_ADD', 'HAPYY_PATH_REMOVE']) {
      const line = expand(`\${HAPYY_POWERSHELL} "\${${name}}"`).replace('$SYSDIR', 'C:\\Windows\\System32');
      expect(line.length, name).toBeLessThan(1024);
      // No double quote inside the -Command argument: it is one quoted argument of the command line.
      expect(expand(`\${${name}}`)).not.toContain('"');
    }
  });

  describe.skipIf(!MAKENSIS)('compiled with makensis', () => {
    const compile = async (include: string) => {
      const nsi = join(dir, 'test.nsi');
      await writeFile(
        nsi,
        [
          'Unicode true',
          `!include "${include}"`,
          'Name "hapyy-nsis-test"',
          `OutFile "${join(dir, 'hapyy-nsis-test-installer.exe')}"`,
          'RequestExecutionLevel user',
          'InstallDir "$LOCALAPPDATA\\Programs\\hapyy-nsis-test"',
          'Section',
          '  !insertmacro customInstall',
          '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
          'SectionEnd',
          'Section "Uninstall"',
          '  !insertmacro customUnInstall',
          'SectionEnd',
          '',
        ].join('\n'),
      );
      return run(MAKENSIS as string, ['-V2', '-WX', nsi]).then(
        () => null,
        (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
      );
    };

    it('compiles, warnings as errors, into an installer and its uninstaller', async () => {
      expect(await compile(INCLUDE)).toBeNull();
    });

    it('a deliberately broken copy does not (the check can fail)', async () => {
      const broken = join(dir, 'broken.nsh');
      await writeFile(broken, text.replace('!macroend', '!macroen'));
      expect(await compile(broken)).not.toBeNull();
    });
  });
});
