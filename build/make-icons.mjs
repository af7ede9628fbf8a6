#!/usr/bin/env node
// Draws the placeholder app icon and writes it as PNG, using only Node (zlib): no image tools needed.
//   node build/make-icons.mjs [outDir]     (default: this folder)
// Writes icon.png (1024x1024: the source electron-builder turns into .icns/.ico) and
// icons/512x512.png (the Linux icon set, and the window icon shipped as resources/icon.png).
// The files are committed; rerun this after changing the drawing.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

export const ICON_FILES = [
  { file: 'icon.png', size: 1024 },
  { file: join('icons', '512x512.png'), size: 512 },
];

/** Signed distance (in units of the input) from (x, y) to a rounded rectangle; negative inside. */
function roundedRectDistance(x, y, rect) {
  const cx = rect.x + rect.w / 2;
  const cy = rect.y + rect.h / 2;
  const qx = Math.abs(x - cx) - rect.w / 2 + rect.r;
  const qy = Math.abs(y - cy) - rect.h / 2 + rect.r;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - rect.r;
}

const lerp = (a, b, t) => a + (b - a) * t;

/**
 * RGBA pixels of the icon at `size` x `size`. The design is laid out on a 1024 grid and scaled;
 * edges are anti-aliased from the distance field (coverage = 0.5 - distance in pixels).
 */
export function drawIcon(size) {
  const s = size / 1024;
  const tile = { x: 100 * s, y: 100 * s, w: 824 * s, h: 824 * s, r: 185 * s };
  // A white "H": two stems and a bar.
  const glyph = [
    { x: 322 * s, y: 292 * s, w: 110 * s, h: 440 * s, r: 26 * s },
    { x: 592 * s, y: 292 * s, w: 110 * s, h: 440 * s, r: 26 * s },
    { x: 400 * s, y: 462 * s, w: 224 * s, h: 100 * s, r: 20 * s },
  ];
  const top = [79, 70, 229]; // indigo
  const bottom = [14, 165, 233]; // sky
  const px = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    const t = y / (size - 1);
    const bg = top.map((c, i) => lerp(c, bottom[i], t));
    for (let x = 0; x < size; x++) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      const tileCover = Math.min(Math.max(0.5 - roundedRectDistance(cx, cy, tile), 0), 1);
      if (tileCover === 0) continue;
      const glyphDist = Math.min(...glyph.map((g) => roundedRectDistance(cx, cy, g)));
      const glyphCover = Math.min(Math.max(0.5 - glyphDist, 0), 1);
      const o = (y * size + x) * 4;
      for (let i = 0; i < 3; i++) px[o + i] = Math.round(lerp(bg[i], 255, glyphCover));
      px[o + 3] = Math.round(tileCover * 255);
    }
  }
  return px;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG file (8-bit RGBA, no interlace, filter 0 on every row). */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function writeIcons(outDir) {
  for (const { file, size } of ICON_FILES) {
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, encodePng(size, drawIcon(size)));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeIcons(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));
}
