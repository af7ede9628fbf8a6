import { open } from 'node:fs/promises';
import path from 'node:path';
import { languageOf } from '../../shared/languages';
import { CHECKED_SHELLS, SCRIPT_HEAD_BYTES, scriptShell } from '../../shared/shell-scripts';
import { entryPath } from './paths';
import type { ManifestEntry } from './types';

/** Files without a known extension whose first bytes are read at most, so a huge folder of data files stays fast. */
export const SNIFF_CAP = 2000;
const SHELLS: ReadonlySet<string> = new Set(CHECKED_SHELLS);

async function head(file: string | Buffer): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(SCRIPT_HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SCRIPT_HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return Buffer.alloc(0);
  } finally {
    await handle?.close();
  }
}

/**
 * Shell scripts that an extension does not reveal (`/usr/bin` tools, bash-completion), counted so the summary
 * lists Bash and suggests Bash Verification — which checks them too (the same rule: shared/shell-scripts.ts).
 */
export async function countShellScripts(root: string, files: readonly ManifestEntry[]): Promise<number> {
  let count = 0;
  let read = 0;
  for (const e of files) {
    if (read >= SNIFF_CAP) break;
    if (languageOf(path.posix.basename(e.path)) !== undefined) continue;
    read += 1;
    const shell = scriptShell(await head(entryPath(root, e)));
    if (shell !== null && SHELLS.has(shell)) count += 1;
  }
  return count;
}
