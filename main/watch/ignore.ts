import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compileGitignore, type IgnoreMatcher } from '../intake/gitignore';
import { SKIPPED_FOLDERS } from '../intake';

const ALWAYS: ReadonlySet<string> = new Set(SKIPPED_FOLDERS.anywhere);
const GITIGNORE_MAX_BYTES = 256 * 1024;

/**
 * What the watcher need not watch: the folders intake never copies (.git, node_modules…) and, with
 * `respectGitignore`, what the root .gitignore matches. Only an optimisation: every burst is rescanned by intake,
 * whose rules decide what a run sees, and a burst that changed nothing it sees starts no run.
 */
export async function watchIgnore(root: string, respectGitignore: boolean): Promise<(abs: string, isDir: boolean) => boolean> {
  let gitignore: IgnoreMatcher | null = null;
  if (respectGitignore) {
    const text = await readFile(path.join(root, '.gitignore'), 'utf8').catch(() => null);
    if (text !== null && text.length <= GITIGNORE_MAX_BYTES) gitignore = compileGitignore(text);
  }
  return (abs, isDir) => {
    const rel = path.relative(root, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const parts = rel.split(path.sep);
    if (parts.some((p) => ALWAYS.has(p))) return true;
    return gitignore !== null && gitignore(parts.join('/'), isDir);
  };
}
