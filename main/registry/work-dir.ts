import path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.git', 'target']);

/**
 * The shallowest folder of the input holding `fileName` (a Rust crate by its Cargo.toml), ties broken by name;
 * null when there is none. Build output (`target`), dependencies and `.git` are not looked in.
 */
export async function findWorkDir(inputDir: string, fileName: string): Promise<string | null> {
  // Loaded on demand: only a tool with `workDirWith` looks, and fdir loads picomatch (for its unused globs) from
  // node_modules when it is loaded, a few ms of every `hapyy run` start otherwise.
  const { fdir } = await import('fdir');
  const found = await new fdir()
    .withRelativePaths()
    .exclude((dirName) => SKIP_DIRS.has(dirName))
    .filter((file) => path.basename(file) === fileName)
    .crawl(inputDir)
    .withPromise();
  const depth = (f: string) => f.split(path.sep).length;
  const best = found.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
  return best === undefined ? null : path.join(inputDir, path.dirname(best));
}
