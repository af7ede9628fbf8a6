import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { USAGE } from '../../../main/cli/usage';
import { ROOT, useTempDirs } from './helpers';

/**
 * `hapyy --version` and `--help` load nothing but their answer: the npm bin (bin/hapyy.cjs) reads dist/cli/quick.json,
 * the bundle's entry (dist/cli/hapyy.cjs, the installed app's launcher runs it) answers from itself. Shown by running
 * copies of them with the rest of the bundle absent, which a longer path could not survive.
 */
const DIST = join(ROOT, 'dist', 'cli');
if (!existsSync(join(DIST, 'quick.json'))) throw new Error('No CLI bundle at dist/cli: run `npm run build` (or `npm run build:cli`) first.');
const VERSION = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))).version;
const tempDir = useTempDirs();
const node = (file: string, args: string[]) => execa(process.execPath, [file, ...args], { reject: false, stdin: 'ignore', stripFinalNewline: false });

describe('quick answers', () => {
  it('the npm bin is the CommonJS front', () => {
    const pkg = z.object({ bin: z.object({ hapyy: z.string() }) }).parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
    expect(pkg.bin.hapyy).toBe('bin/hapyy.cjs');
  });

  it('quick.json holds the package version and the usage text, from the build', () => {
    expect(JSON.parse(readFileSync(join(DIST, 'quick.json'), 'utf8'))).toEqual({ version: VERSION, usage: USAGE });
  });

  it('bin/hapyy.cjs answers --version, -v, --help and -h with nothing but quick.json beside it', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    copyFileSync(join(ROOT, 'bin', 'hapyy.cjs'), join(root, 'bin', 'hapyy.cjs'));
    copyFileSync(join(DIST, 'quick.json'), join(root, 'dist', 'cli', 'quick.json'));
    const bin = join(root, 'bin', 'hapyy.cjs');
    for (const flag of ['--version', '-v']) expect((await node(bin, [flag])).stdout).toBe(`${VERSION}\n`);
    for (const flag of ['--help', '-h']) expect((await node(bin, [flag])).stdout).toBe(USAGE);
    // Anything else takes the long way, which this stripped copy does not have: it fails, so the answers above
    // really came from the front alone.
    const other = await node(bin, ['tools']);
    expect(other.exitCode).not.toBe(0);
    const mixed = await node(bin, ['--version', '--json']);
    expect(mixed.exitCode).not.toBe(0);
  });

  it('the bundle entry answers them with no chunk beside it', async () => {
    const root = tempDir();
    copyFileSync(join(DIST, 'hapyy.cjs'), join(root, 'hapyy.cjs'));
    // The entry's own small static requires (the bundler's runtime helpers) travel with it.
    const entry = readFileSync(join(DIST, 'hapyy.cjs'), 'utf8');
    const imports = [...entry.matchAll(/^(?:(?:const|var|let) \w+ = )?require\("\.\/(chunks\/[^"]+)"\);$/gm)].map((m) => m[1] as string);
    mkdirSync(join(root, 'chunks'));
    for (const c of imports) copyFileSync(join(DIST, c), join(root, c));
    expect(imports.length).toBeLessThanOrEqual(2);
    expect((await node(join(root, 'hapyy.cjs'), ['--version'])).stdout).toBe(`${VERSION}\n`);
    expect((await node(join(root, 'hapyy.cjs'), ['--help'])).stdout).toBe(USAGE);
    expect((await node(join(root, 'hapyy.cjs'), ['tools'])).exitCode).not.toBe(0);
  });

  it('through the real checkout, --version with an unknown option is still a usage error (exit 2), as parseCli decides', async () => {
    const r = await node(join(ROOT, 'bin', 'hapyy.cjs'), ['--version', '--bogus']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Usage:');
  });
});
