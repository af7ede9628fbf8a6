/** The absolute path of a run-relative path (forward slashes) under the run folder `root`, in root's own style. */
export function joinRunPath(root: string, relative: string): string {
  const windows = root.includes('\\') && !root.includes('/');
  const sep = windows ? '\\' : '/';
  return `${root.replace(/[\\/]+$/, '')}${sep}${relative.split('/').join(sep)}`;
}

/** The diagnostics name files relative to the project; the run keeps the project's copy under input/. */
export function inputPath(projectFile: string): string {
  return `input/${projectFile.replace(/^\.?\/+/, '')}`;
}
