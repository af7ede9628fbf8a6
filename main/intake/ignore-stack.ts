import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { searchFolders } from './engine-context';
import { compileGitignoreRules, type IgnoreMatcher, type IgnoreRules } from './gitignore';
import type { FsPath } from './paths';
import { readSmallRegularFileSync } from './source-file';

const GITIGNORE_MAX_BYTES = 1024 * 1024;

function loadRules(file: FsPath): IgnoreRules | null {
  const text = readSmallRegularFileSync(file, GITIGNORE_MAX_BYTES);
  return text === null ? null : compileGitignoreRules(text);
}

interface Outer {
  /** The project's root relative to the outer file's folder, with a trailing '/' ('' for the root itself). */
  prefix: string;
  rules: IgnoreRules;
}

/**
 * Every .gitignore that applies to the project, combined as git does: the repository's `.git/info/exclude` and the
 * .gitignore files of the folders above the project up to the repository root (only when there is one), the
 * project's root .gitignore, and each subfolder's own .gitignore (added as the walk enters the folder). A deeper
 * file's matching rule wins; with no matching rule the next file up decides. core.excludesFile (the user's global
 * ignores) is not read: it is the user's, not the project's.
 */
export class IgnoreStack {
  private readonly nested = new Map<string, IgnoreRules>();

  private constructor(private readonly outer: Outer[]) {}

  /** `withParents`: false for an extracted archive, whose staging folder's parents are the app's, not the project's. */
  static async forRoot(root: string, withParents = true): Promise<IgnoreStack> {
    const folders = withParents ? await searchFolders(root) : [root];
    const top = folders[folders.length - 1] as string;
    const inRepo = await lstat(path.join(top, '.git')).then(
      () => true,
      () => false,
    );
    const outer: Outer[] = [];
    const prefixOf = (dir: string) => {
      const rel = path.relative(dir, root).split(path.sep).join('/');
      return rel === '' ? '' : `${rel}/`;
    };
    if (inRepo) {
      const exclude = loadRules(path.join(top, '.git', 'info', 'exclude'));
      if (exclude) outer.push({ prefix: prefixOf(top), rules: exclude });
      // Outermost first, so that nearer files are asked later and win.
      for (const dir of folders.slice(1).reverse()) {
        const rules = loadRules(path.join(dir, '.gitignore'));
        if (rules) outer.push({ prefix: prefixOf(dir), rules });
      }
    }
    const stack = new IgnoreStack(outer);
    stack.enter('', root);
    return stack;
  }

  /**
   * Reads a folder's own .gitignore as the walk enters it (relText '' for the project's root). Synchronously, like
   * the walk's other calls: through the libuv pool, one read per folder cost the scan a thread hand-off each.
   */
  enter(relText: string, abs: FsPath): void {
    const file = typeof abs === 'string' ? path.join(abs, '.gitignore') : Buffer.concat([abs, Buffer.from('/.gitignore')]);
    const rules = loadRules(file);
    if (rules) this.nested.set(relText, rules);
  }

  readonly ignored: IgnoreMatcher = (rel, isDir) => {
    let verdict: boolean | undefined;
    for (const o of this.outer) verdict = o.rules(o.prefix + rel, isDir) ?? verdict;
    if (this.nested.size === 0) return verdict ?? false;
    // Each folder on the way ('' first), asked about the rest of the path below it: asked for every entry, so by
    // index rather than by splitting and joining the path again for each folder.
    for (let start = 0; ; ) {
      const rules = this.nested.get(start === 0 ? '' : rel.slice(0, start - 1));
      if (rules) verdict = rules(rel.slice(start), isDir) ?? verdict;
      const slash = rel.indexOf('/', start);
      if (slash < 0) break;
      start = slash + 1;
    }
    return verdict ?? false;
  };
}
