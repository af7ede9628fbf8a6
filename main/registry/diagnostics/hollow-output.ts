import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { ProducedFile } from '../../../shared/jobs';

/** Bigger files are taken to hold code without being read (a boilerplate-only file is a few dozen bytes). */
const MAX_READ = 64 * 1024;
/** Files past this many are not read and so count as holding code: the check never wrongly says "no code". */
const MAX_FILES = 500;

/** Lines that carry no code of their own: blank, `#pragma once`, `#include …`, a `//` comment. */
const BOILERPLATE_LINE = /^\s*(?:$|#\s*pragma\s+once\b.*$|#\s*include\b.*$|\/\/.*$)/;

function isHollowText(text: string): boolean {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/\r?\n/)
    .every((line) => BOILERPLATE_LINE.test(line));
}

/**
 * The produced files that are not empty yet hold no code: only `#pragma once`, `#include` lines, comments and blank
 * lines. The real cpptoc 2.21.0 writes exactly such pairs when it translates nothing (a 14-byte `#pragma once` header
 * and an `#include "main.h"` source; tests/fixtures/captured/cpptoc), so a size check alone would call that success.
 * Paths as in ProducedFile (relative to the run folder). A file that cannot be read is left out, not guessed at.
 */
export async function hollowFiles(runDir: string, files: readonly ProducedFile[]): Promise<Set<string>> {
  const hollow = new Set<string>();
  for (const f of files.slice(0, MAX_FILES)) {
    if (f.size === 0 || f.size > MAX_READ || f.origin === 'input-changed') continue;
    let handle;
    try {
      // O_NOFOLLOW: a link the engine left in its output is not followed out of the run folder.
      handle = await open(path.join(runDir, f.path), constants.O_RDONLY | constants.O_NOFOLLOW);
      const buf = Buffer.alloc(f.size);
      const { bytesRead } = await handle.read(buf, 0, f.size, 0);
      if (isHollowText(buf.subarray(0, bytesRead).toString('utf8'))) hollow.add(f.path);
    } catch {
      // Gone or unreadable: say nothing about it rather than guess.
    } finally {
      await handle?.close();
    }
  }
  return hollow;
}
