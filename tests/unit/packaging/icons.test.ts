import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './builder-config';
import { decodePng, pixel, type Png } from './png';

// The committed icons are the output of build/make-icons.mjs: rerun it (a real process) and compare pixels.
// Pixels, not bytes: zlib builds (Node's bundled one vs. Chromium's fork) may compress the same image differently.
const ICONS = [
  { file: 'icon.png', size: 1024 },
  { file: join('icons', '512x512.png'), size: 512 },
];

describe('placeholder icons (build/)', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'hapyy-icons-'));
    await execa(process.execPath, [join(REPO_ROOT, 'build', 'make-icons.mjs'), out], { timeout: 20_000 });
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it.each(ICONS)('$file is a valid $size x $size PNG, identical in pixels to what the script draws', async ({ file, size }) => {
    const committed = decodePng(await readFile(join(REPO_ROOT, 'build', file)));
    const fresh = decodePng(await readFile(join(out, file)));
    expect([committed.width, committed.height]).toEqual([size, size]);
    expect(fresh.width).toBe(size);
    expect(committed.rgba.equals(fresh.rgba)).toBe(true);
  });

  it('draws an opaque tile with a light glyph on a transparent margin', async () => {
    const png: Png = decodePng(await readFile(join(REPO_ROOT, 'build', 'icon.png')));
    expect(pixel(png, 2, 2)[3]).toBe(0); // corner: outside the rounded tile
    expect(pixel(png, 150, 512)[3]).toBe(255); // left edge of the tile, away from the glyph
    const [r, g, b, a] = pixel(png, 512, 512); // centre of the H's bar
    expect(a).toBe(255);
    expect(Math.min(r, g, b)).toBeGreaterThan(240);
  });

  it('the decoder rejects a corrupted file (so the checks above can fail)', async () => {
    const bytes = Buffer.from(await readFile(join(REPO_ROOT, 'build', 'icons', '512x512.png')));
    bytes[60] = (bytes[60] ?? 0) ^ 0xff; // inside the IDAT data
    expect(() => decodePng(bytes)).toThrow(/CRC/);
  });
});
