// extractZip is imported from './zip' directly: open.ts loads it (and yauzl) only for a .zip, so it is not re-exported here.
/**
 * Project intake: decides whether a folder, file or .zip can be run, summarises it, and makes each run's private copy.
 *
 * Rules worth knowing (see the modules for the details):
 *  - The walk lstats everything and never follows a link. A link whose real target is a regular file inside the
 *    project is taken as that file; a link to a folder is skipped ('link', avoids cycles); a link that leads outside
 *    the project, even through other links, is skipped ('link-outside'). FIFOs, sockets and devices are listed
 *    ('special-file') and never opened. See links.ts.
 *  - Folders listed in SKIPPED_FOLDERS are never walked into (build output names only at the root); with
 *    `respectGitignore` (the default), neither are entries that the .gitignore files match (the project's, its
 *    subfolders', and those above it up to the repository root; see ignore-stack.ts). Both are listed as 'ignored'.
 *  - Every limit rejects the project (AppError 'rejected' naming the limit, the figure and the path, with
 *    details { limit, value, max, path }); nothing is silently dropped to fit.
 *  - Names that are not valid UTF-8 are kept exact via ManifestEntry.rawPath.
 *  - The copy opens each file once, checks that what is open is a regular file inside the project, and copies from
 *    that descriptor on every platform (source-file.ts, copy-file.ts): a swap after the check changes nothing.
 *  - The scan makes its file-system calls synchronously in short time slices (time-slice.ts); the copy makes them
 *    in two to four copy threads (copy-pool.ts, copy-stream.ts), so the main thread only hands out batches of files.
 *    openAndCopyProject overlaps the two: each file is copied as soon as the scan accepts it, all or nothing.
 */
export { openProject, disposeProject } from './open';
export { copyProject, type CopyOptions } from './copy';
export { openAndCopyProject } from './open-and-copy';
export { engineContextMounts, placeEngineContext, type EngineContext } from './engine-context';
export { scanDir } from './scan-dir';
export { diffManifest, manifestKey } from './manifest';
export { entryPath, type FsPath } from './paths';
export { isPortableName } from './names';
export { SKIPPED_FOLDERS } from './skip-rules';
export { defaultSuggestTools } from './summary';
export type { LimitName } from './limit-errors';
export type { Manifest, ManifestEntry, OpenedProject, OpenOptions, ProgressReport, SkippedEntry, SkipReason } from './types';
