import path from 'node:path';
import { languageOf } from '../../shared/languages';
import { CHECKED_SHELLS, scriptShell } from '../../shared/shell-scripts';
import { entryPath } from './paths';
import { readScriptHeadSync } from './script-head';
import { timeSlicer } from './time-slice';
import type { ManifestEntry } from './types';

/** Files without a known extension whose first bytes are read at most, so a huge folder of data files stays fast. */
export const SNIFF_CAP = 2000;
const SHELLS: ReadonlySet<string> = new Set(CHECKED_SHELLS);

/**
 * Shell scripts that an extension does not reveal (`/usr/bin` tools, bash-completion), counted so the summary
 * lists Bash and suggests Bash Verification — which checks them too (the same rule: shared/shell-scripts.ts).
 */
export async function countShellScripts(root: string, files: readonly ManifestEntry[]): Promise<number> {
  let count = 0;
  let read = 0;
  const slice = timeSlicer();
  for (const e of files) {
    if (read >= SNIFF_CAP) break;
    if (languageOf(path.posix.basename(e.path)) !== undefined) continue;
    read += 1;
    const pause = slice();
    if (pause) await pause;
    const shell = scriptShell(readScriptHeadSync(entryPath(root, e)));
    if (shell !== null && SHELLS.has(shell)) count += 1;
  }
  return count;
}
