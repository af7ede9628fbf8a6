/**
 * Folders intake never walks into.
 * - `anywhere`: version control, dependencies and caches — never source, at any depth.
 * - `rootOnly`: build output names that are also ordinary source folder names (pip's `_internal/operations/build`);
 *   skipped only directly in the project's root. Deeper ones are skipped only when .gitignore says so.
 * - `dotnetOutput`: skipped only beside a .NET project file, since `bin/` often holds a project's own scripts.
 */
export const SKIPPED_FOLDERS = {
  anywhere: [
    '.git', '.hg', '.svn', '.jj',
    'node_modules', 'bower_components', '.pnpm-store', '.yarn',
    '__pycache__', '.venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache',
    '.gradle', '.idea', '.vs', '.next', '.nuxt', '.turbo', '.parcel-cache', '.cache',
  ],
  rootOnly: ['dist', 'build', 'out', 'target', 'coverage'],
  dotnetOutput: ['bin', 'obj'],
} as const;

const ANYWHERE: ReadonlySet<string> = new Set(SKIPPED_FOLDERS.anywhere);
const ROOT_ONLY: ReadonlySet<string> = new Set(SKIPPED_FOLDERS.rootOnly);
const DOTNET_OUTPUT: ReadonlySet<string> = new Set(SKIPPED_FOLDERS.dotnetOutput);
const DOTNET_PROJECT = /\.(csproj|fsproj|vbproj|sln|slnx)$/i;

/** `siblings`: the names in the same folder as `name`; `depth`: 1 for a folder directly in the project's root. */
export function isSkippedFolder(name: string, siblings: readonly string[], depth: number): boolean {
  if (ANYWHERE.has(name)) return true;
  if (depth === 1 && ROOT_ONLY.has(name)) return true;
  return DOTNET_OUTPUT.has(name) && siblings.some((s) => DOTNET_PROJECT.test(s));
}
