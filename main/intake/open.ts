import { randomUUID } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ProjectSummary } from '../../shared/projects';
import { asCancelled, throwIfCancelled } from './cancel';
import { errnoCode, isMissing } from '../store/fs-errors';
import { prestartCopyThreads } from './copy-pool';
import { discoverEngineContext, NO_ENGINE_CONTEXT, type EngineContext } from './engine-context';
import { fileTooLarge, tooManyBytes } from './limit-errors';
import { isPortableName } from './names';
import { throttleProgress } from './progress';
import { scanFolder, type ScanResult } from './scan';
import { countShellScripts } from './script-sniff';
import { countLanguages, defaultSuggestTools, warningsFor } from './summary';
import type { ManifestEntry, OpenedProject, OpenOptions } from './types';

type Kind = ProjectSummary['kind'];

async function statSource(abs: string): Promise<Stats> {
  try {
    // stat, not lstat: the path the user dropped or picked may itself be a link, and they meant what it points to.
    return await stat(abs);
  } catch (err) {
    if (isMissing(err)) throw new AppError('not-found', `Nothing exists at '${abs}'.`, { path: abs });
    if (errnoCode(err) === 'ELOOP') throw new AppError('rejected', `'${abs}' is a link that loops.`, { path: abs });
    if (errnoCode(err) === 'EACCES' || errnoCode(err) === 'EPERM') {
      throw new AppError('rejected', `'${abs}' cannot be read (permission denied).`, { path: abs });
    }
    throw err;
  }
}

/**
 * Told the real root of a folder (or extracted archive) about to be scanned; returns what the scan tells each file it
 * accepts (open-and-copy.ts copies them meanwhile). Not called for a single file.
 */
export type ScanFollower = (root: string) => (entry: ManifestEntry) => void;

/** Opens a folder, a single file, or a .zip archive: checks it against the limits and summarises it. */
export async function openProject(source: string, opts: OpenOptions, follow?: ScanFollower): Promise<OpenedProject> {
  const { signal } = opts;
  try {
    throwIfCancelled(signal);
    const abs = path.resolve(source);
    const info = await statSource(abs);
    const real = await realpath(abs);
    if (info.isDirectory()) {
      const scan = await scanFolder(real, { ...scanContext(opts, abs, 'project'), accepted: follow?.(real) });
      await assertStillThere(real, abs);
      const context = await contextFor(real, opts);
      const scripts = await countShellScripts(real, scan.manifest.files);
      return finish(opts, { kind: opts.kind ?? 'folder', source: abs, name: path.basename(abs) || abs, root: real, scan, staging: null, context, scripts, copying: follow !== undefined });
    }
    if (!info.isFile()) {
      throw new AppError('rejected', `'${abs}' is not a folder, a file or a zip archive.`, { path: abs });
    }
    if (/\.zip$/i.test(abs)) return await openZip(real, abs, opts, follow);
    return await openSingleFile(real, abs, info, opts);
  } catch (err) {
    throw asCancelled(err, signal);
  }
}

/** The walk skips folders that vanish under it; if the whole project went, what it saw is not the project. */
async function assertStillThere(real: string, abs: string): Promise<void> {
  try {
    await stat(real);
  } catch (err) {
    if (isMissing(err)) throw new AppError('not-found', `'${abs}' disappeared while it was being scanned.`, { path: abs });
    throw err;
  }
}

function scanContext(opts: OpenOptions, source: string, what: 'project' | 'archive') {
  return {
    limits: opts.limits,
    source,
    what,
    signal: opts.signal,
    progress: throttleProgress(opts.onProgress, opts.now ?? Date.now),
  };
}

async function openZip(real: string, abs: string, opts: OpenOptions, follow: ScanFollower | undefined): Promise<OpenedProject> {
  await mkdir(opts.stagingDir, { recursive: true });
  const staging = await mkdtemp(path.join(opts.stagingDir, 'zip-'));
  try {
    const ctx = scanContext(opts, abs, 'archive');
    // The zip reader (yauzl) loads with the first zip: a folder run does not pay for it.
    const { extractZip } = await import('./zip');
    await extractZip(real, staging, opts.limits, { signal: opts.signal, progress: ctx.progress });
    const root = await realpath(staging);
    const scan = await scanFolder(root, { ...ctx, accepted: follow?.(root) });
    const name = path.basename(abs).replace(/\.zip$/i, '') || path.basename(abs);
    // An archive carries no surroundings: what is in it is the whole project.
    const scripts = await countShellScripts(root, scan.manifest.files);
    return finish(opts, { kind: opts.kind ?? 'zip', source: abs, name, root, scan, staging, context: NO_ENGINE_CONTEXT, scripts, copying: follow !== undefined });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

async function openSingleFile(real: string, abs: string, info: Stats, opts: OpenOptions): Promise<OpenedProject> {
  const { limits } = opts;
  const base = path.basename(real);
  const readable = await access(real, constants.R_OK).then(
    () => true,
    () => false,
  );
  if (!readable) throw new AppError('rejected', `'${abs}' cannot be read (permission denied).`, { path: abs });
  if (info.size > limits.fileBytes) throw fileTooLarge(base, info.size, limits.fileBytes);
  if (info.size > limits.totalBytes) throw tooManyBytes('project', info.size, limits.totalBytes, abs);
  const portable = isPortableName(base);
  const scan: ScanResult = {
    manifest: { files: [{ path: base, size: info.size, mode: info.mode, mtimeMs: info.mtimeMs }], bytes: info.size },
    skipped: [],
    skippedCounts: { 'link-outside': 0, link: 0, 'special-file': 0, unreadable: 0 },
    ignoredFolders: 0,
    gitignored: 0,
    leftOut: { rule: { names: [], files: 0, capped: false }, gitignore: { names: [], files: 0, capped: false } },
    nonPortableNames: portable ? [] : [base],
    nonPortableCount: portable ? 0 : 1,
  };
  const root = path.dirname(real);
  const context = await contextFor(root, opts);
  const scripts = await countShellScripts(root, scan.manifest.files);
  return finish(opts, { kind: opts.kind ?? 'file', source: abs, name: path.basename(abs), root, scan, staging: null, context, scripts, copying: false });
}

/** Bundled examples are self-contained: whatever folders the app happens to be installed in are not their parents. */
const contextFor = (root: string, opts: OpenOptions): Promise<EngineContext> =>
  opts.kind === 'example' ? Promise.resolve(NO_ENGINE_CONTEXT) : discoverEngineContext(root);

interface Found {
  kind: Kind;
  source: string;
  name: string;
  root: string;
  scan: ScanResult;
  staging: string | null;
  context: EngineContext;
  /** Shell scripts without a .sh/.bash name (script-sniff.ts). */
  scripts: number;
  /** Its files were copied as the scan found them (open-and-copy.ts): the copy threads are busy already. */
  copying: boolean;
}

function finish(opts: OpenOptions, f: Found): OpenedProject {
  const { manifest } = f.scan;
  if (manifest.files.length === 0) {
    const what = f.kind === 'zip' ? 'archive' : 'folder';
    throw new AppError('rejected', `This ${what} has no files to run a tool on.`, { path: f.source, skipped: f.scan.skipped.length });
  }
  // A run's copy follows an open: its threads load meanwhile (a first copy would otherwise wait ~20–50 ms for them).
  if (!f.copying) prestartCopyThreads(manifest.files.length, manifest.bytes);
  const languages = countLanguages(manifest.files.map((e) => e.path), { bash: f.scripts });
  const suggestedTools = (opts.suggestTools ?? defaultSuggestTools)(languages.map((l) => l.id));
  const summary: ProjectSummary = {
    projectId: (opts.idFactory ?? randomUUID)(),
    name: f.name,
    source: f.source,
    kind: f.kind,
    files: manifest.files.length,
    bytes: manifest.bytes,
    languages,
    suggestedTools,
    warnings: [...warningsFor(f.scan, suggestedTools), ...f.context.notes],
    skipped: f.scan.skipped,
    nonPortableNames: f.scan.nonPortableNames,
    scannedAt: (opts.now ?? Date.now)(),
  };
  return { summary, root: f.root, manifest, limits: opts.limits, stagingFolder: f.staging, engineContext: f.context };
}

/** Removes what intake made for a project (a zip's extracted staging folder); the project's own files are never touched. */
export async function disposeProject(project: OpenedProject): Promise<void> {
  if (project.stagingFolder) await rm(project.stagingFolder, { recursive: true, force: true });
}
