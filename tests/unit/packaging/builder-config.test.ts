import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BUILDER_CONFIG_PATH,
  BuilderConfigSchema,
  loadBuilderConfig,
  readBuilderConfig,
  REPO_ROOT,
  schemaErrors,
  type BuilderConfig,
} from './builder-config';
import { decodePng } from './png';

describe('electron-builder.yml against electron-builder’s own schema', () => {
  it('is valid', () => {
    expect(schemaErrors(loadBuilderConfig())).toEqual([]);
  });

  describe('a deliberately broken copy is rejected', () => {
    let dir: string;
    let text: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'hapyy-builder-config-'));
      text = await readFile(BUILDER_CONFIG_PATH, 'utf8');
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const broken = async (edit: (yml: string) => string): Promise<string[]> => {
      const edited = edit(text);
      expect(edited).not.toBe(text); // the edit must have found its target
      const file = join(dir, 'electron-builder.yml');
      await writeFile(file, edited);
      return schemaErrors(loadBuilderConfig(file));
    };

    it('a wrong type (nsis.oneClick as a string)', async () => {
      const errors = await broken((t) => t.replace('oneClick: false', 'oneClick: nope'));
      expect(errors.join('\n')).toMatch(/\/nsis\/oneClick/);
    });
    it('an unknown option', async () => {
      const errors = await broken((t) => t.replace('appId:', 'applicationIdentifier: x\nappId:'));
      expect(errors.join('\n')).toMatch(/additionalProperties|must NOT have additional properties/);
    });
    it('a misplaced platform option (hardenedRuntime under win)', async () => {
      const errors = await broken((t) => t.replace('win:\n', 'win:\n  hardenedRuntime: true\n'));
      expect(errors.join('\n')).toMatch(/\/win/);
    });
    it('an extraResources entry with a bad key', async () => {
      const errors = await broken((t) => t.replace('to: examples', 'into: examples'));
      expect(errors.join('\n')).toMatch(/\/extraResources/);
    });
  });
});

describe('electron-builder.yml says what the issue asks for', () => {
  let config: BuilderConfig;
  beforeAll(() => {
    config = readBuilderConfig();
  });
  const targets = (platform: { target: Array<{ target: string; arch?: string[] | undefined }> }) =>
    Object.fromEntries(platform.target.map((t) => [t.target, t.arch ?? []]));

  it('has the identity, asar and directories', () => {
    expect(config.appId).toBe('dev.hapyy.desktop');
    expect(config.productName).toBe('Hapyy Desktop');
    expect(config.asar).toBe(true);
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
  });

  it('macOS: dmg and zip for x64 and arm64, hardened runtime', () => {
    expect(targets(config.mac)).toEqual({ dmg: ['x64', 'arm64'], zip: ['x64', 'arm64'] });
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('Windows: an assisted, per-user nsis installer with a choosable folder', () => {
    expect(Object.keys(targets(config.win))).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true });
  });

  it('Linux: AppImage and deb, Development, recommending bubblewrap and shellcheck', () => {
    expect(Object.keys(targets(config.linux)).sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Development');
    expect(config.deb.recommends).toEqual(expect.arrayContaining(['bubblewrap', 'shellcheck']));
  });

  it('keeps Electron able to run as Node (the bundled tsc runs that way)', () => {
    expect(config.electronFuses?.runAsNode).not.toBe(false);
  });

  it('sets the Electron fuses: no NODE_OPTIONS or --inspect, the app only from its checked app.asar, encrypted cookies', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('points at icons that exist and are large enough (mac needs 512+, ideally 1024)', () => {
    const buildDir = join(REPO_ROOT, config.directories.buildResources);
    const macIcon = decodePng(readFileSync(join(buildDir, config.mac.icon ?? 'icon.png')));
    const winIcon = decodePng(readFileSync(join(buildDir, config.win.icon ?? 'icon.png')));
    expect(macIcon.width).toBe(1024);
    expect(winIcon.width).toBeGreaterThanOrEqual(256);
    // Linux: a folder of <size>x<size>.png.
    const linuxIcon = join(buildDir, config.linux.icon ?? 'icons', '512x512.png');
    expect(decodePng(readFileSync(linuxIcon)).height).toBe(512);
  });

  it('the package scripts build with this file', () => {
    const pkg = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')));
    expect(pkg.scripts.dist).toMatch(/electron-builder --config electron-builder\.yml$/);
    expect(pkg.scripts['dist:dir']).toMatch(/electron-builder --config electron-builder\.yml --dir$/);
    expect(pkg.scripts.dist).toMatch(/^npm run build && /);
    expect(existsSync(BUILDER_CONFIG_PATH)).toBe(true);
  });

  it('the typed reading of the config rejects a config missing its targets', () => {
    const { mac: _mac, ...withoutMac } = config;
    expect(BuilderConfigSchema.safeParse(withoutMac).success).toBe(false);
  });
});
