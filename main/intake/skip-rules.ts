/**
 * Folders intake never walks into: version control, dependencies, caches and build output.
 * `dotnetOutput` folders are skipped only beside a .NET project file, since `bin/` often holds a project's own scripts.
 */
export const SKIPPED_FOLDERS = {
  always: [
    '.git', '.hg', '.svn', '.jj',
    'node_modules', 'bower_components', '.pnpm-store', '.yarn',
    'dist', 'build', 'out', 'target', 'coverage',
    '__pycache__', '.venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache',
    '.gradle', '.idea', '.vs', '.next', '.nuxt', '.turbo', '.parcel-cache', '.cache',
  ],
  dotnetOutput: ['bin', 'obj'],
} as const;

const ALWAYS: ReadonlySet<string> = new Set(SKIPPED_FOLDERS.always);
const DOTNET_OUTPUT: ReadonlySet<string> = new Set(SKIPPED_FOLDERS.dotnetOutput);
const DOTNET_PROJECT = /\.(csproj|fsproj|vbproj|sln|slnx)$/i;

/** `siblings`: the names in the same folder as `name`. */
export function isSkippedFolder(name: string, siblings: readonly string[]): boolean {
  if (ALWAYS.has(name)) return true;
  return DOTNET_OUTPUT.has(name) && siblings.some((s) => DOTNET_PROJECT.test(s));
}
