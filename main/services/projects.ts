import { randomUUID } from 'node:crypto';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { ProjectRef } from '../../shared/jobs';
import { RecentProjectSchema, type ProjectSummary, type RecentProject } from '../../shared/projects';
import type { IntakeLimits } from '../../shared/settings';
import { disposeProject, openAndCopyProject, openProject, type Manifest, type OpenedProject } from '../intake';
import { DATA_LAYOUT, JsonFileStore, mkdirPrivate, ownedByLiveProcess, RUN_LAYOUT, writeOwner } from '../store';

const RECENT_MAX = 12;
/** The input folder's name inside an early copy's folder, as in a run folder (RUN_LAYOUT.input). */
const INPUT = RUN_LAYOUT.input;
const OPEN_PROJECTS_MAX = 64;
const RecentListSchema = z.array(RecentProjectSchema).max(100);

export interface ProjectsOptions {
  dataDir: string;
  limits: () => IntakeLimits;
  /** Resolves an example id to its bundled folder. */
  examplePath: (exampleId: string) => Promise<string>;
}

export interface ScanHooks {
  /**
   * The client (window) the project and its scan belong to: only it may use the project id or cancel the scan. A
   * project opened without one (the CLI's own command line, a pool worker) is the process's own; those ids never
   * reach a window.
   */
  owner?: string;
  scanId?: string;
  onProgress?: (p: { files: number; bytes: number }) => void;
  /**
   * Copy the project while it is scanned, for a run that follows at once (`hapyy run <path>`): its first job takes
   * that copy (takeCopy) instead of making one when it starts. A window's open does not: its runs may come much
   * later, and each must see the project as it is then.
   */
  copyNow?: boolean;
}

/** A copy made at open (ScanHooks.copyNow), not yet taken by a job. */
interface EarlyCopy {
  /** staging/<session>/copy-<id>/: `input/` inside, as a run folder has it, and the engine context beside it. */
  dir: string;
  manifest: Manifest;
}

interface Opened {
  project: OpenedProject;
  owner: string | undefined;
  copy?: EarlyCopy | undefined;
}

/**
 * Projects the user has opened in this session, by id, so later requests never carry a path again.
 * Scans can be cancelled by their scan id; the most recent projects are remembered on disk.
 */
export class ProjectsService {
  private readonly open = new Map<string, Opened>();
  private readonly scans = new Map<string, AbortController>();
  private readonly recentStore: JsonFileStore<RecentProject[]>;
  private recent: RecentProject[] = [];
  private staging: Promise<string> | null = null;

  constructor(private readonly options: ProjectsOptions) {
    // Not fsynced: the recent list is a convenience, not history, and every `hapyy run` writes it.
    this.recentStore = new JsonFileStore({ path: join(options.dataDir, DATA_LAYOUT.recent), schema: RecentListSchema, defaults: [], durable: false });
  }

  async start(): Promise<void> {
    // Extracted zips belong to the session that opened them; a crash may have left some behind. Another live
    // process on the same data folder (the app, a CLI run) keeps its own.
    const root = join(this.options.dataDir, DATA_LAYOUT.staging);
    const entries = await readdir(root).catch(() => [] as string[]);
    for (const name of entries) {
      if (!(await ownedByLiveProcess(join(root, name)))) await rm(join(root, name), { recursive: true, force: true });
    }
    this.recent = (await this.recentStore.load()).value;
  }

  /** This session's own staging folder, `staging/<session>/`, marked with its owner. */
  private stagingDir(): Promise<string> {
    this.staging ??= (async () => {
      const dir = join(this.options.dataDir, DATA_LAYOUT.staging, randomUUID());
      await mkdirPrivate(dir);
      await writeOwner(dir);
      return dir;
    })().catch((error: unknown) => {
      this.staging = null;
      throw error;
    });
    return this.staging;
  }

  async openPath(path: string, hooks: ScanHooks = {}): Promise<ProjectSummary> {
    const project = await this.scan(path, hooks);
    // The recent list is a convenience: failing to save it (a full disk) must not stop the project from opening.
    await this.remember(project.summary).catch(() => undefined);
    return project.summary;
  }

  /** One of the recent projects again, by its source: only what is on main's own list (so never a path the page made up). */
  async reopenRecent(source: string, hooks: ScanHooks = {}): Promise<ProjectSummary> {
    if (!this.recent.some((r) => r.source === source)) {
      throw new AppError('forbidden', 'That is not one of the recent projects. Drop it on the window or pick it with “Open folder…”.');
    }
    return this.openPath(source, hooks);
  }

  async openExample(exampleId: string, hooks: ScanHooks = {}): Promise<ProjectSummary> {
    const path = await this.options.examplePath(exampleId);
    const project = await this.scan(path, hooks, { kind: 'example', source: exampleId });
    return project.summary;
  }

  /** Cancels the scan by that id among `owner`'s own (scan ids are chosen by each client, so they are kept per client). */
  cancelScan(scanId: string, owner?: string): void {
    this.scans.get(scanKey(scanId, owner))?.abort();
  }

  /** An open project, for the client that opened it (a project opened without an owner is the process's own). */
  get(projectId: string, clientId: string): OpenedProject {
    const entry = this.open.get(projectId);
    if (!entry) throw new AppError('not-found', 'That project is no longer open. Open it again.');
    if (entry.owner !== undefined && entry.owner !== clientId) throw new AppError('forbidden', 'That project was opened in another window.');
    return entry.project;
  }

  /** The project a job record names: the open one with the same source, or a fresh scan of it (re-runs after a restart). */
  async forRecord(ref: ProjectRef): Promise<OpenedProject> {
    for (const { project } of this.open.values()) {
      if (project.summary.source === ref.source && project.summary.kind === ref.kind) return project;
    }
    if (ref.kind === 'example') {
      return this.scan(await this.options.examplePath(ref.source), {}, { kind: 'example', source: ref.source });
    }
    return this.scan(ref.source, {});
  }

  /**
   * Moves the copy made when this project was opened (ScanHooks.copyNow) to `runDir`'s input folder, once: true when
   * it did (the run's input is then that copy, `manifest` its list), false when there is none to take (the job copies
   * the project itself). The staging folder and the run folders share the data folder, so this is one rename.
   */
  async takeCopy(ref: ProjectRef, inputDir: string): Promise<Manifest | null> {
    for (const entry of this.open.values()) {
      const { copy, project } = entry;
      if (!copy || project.summary.source !== ref.source || project.summary.kind !== ref.kind) continue;
      entry.copy = undefined;
      try {
        await rename(join(copy.dir, INPUT), inputDir);
      } catch {
        // An input folder already there with files in it (or another file system): the job makes its own copy.
        await rm(copy.dir, { recursive: true, force: true });
        return null;
      }
      await rm(copy.dir, { recursive: true, force: true });
      return copy.manifest;
    }
    return null;
  }

  /** Removes the copies no job took (a `hapyy run` stopped before its job started); the engine's shutdown calls it. */
  async dropCopies(): Promise<void> {
    const copies = [...this.open.values()].flatMap((entry) => {
      const { copy } = entry;
      entry.copy = undefined;
      return copy ? [copy.dir] : [];
    });
    await Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true })));
  }

  /**
   * A client that is gone (its window closed): its scans stop and its project ids are forgotten. Their files are not
   * removed here: a job of that window may still be copying from one (an extracted zip stays in this session's
   * staging folder, which the next start clears).
   */
  forgetClient(clientId: string): void {
    for (const [key, controller] of this.scans) if (key.startsWith(scanKey('', clientId))) controller.abort();
    for (const [projectId, entry] of this.open) if (entry.owner === clientId) this.open.delete(projectId);
  }

  recentProjects(): RecentProject[] {
    return this.recent;
  }

  private async scan(path: string, hooks: ScanHooks, as?: { kind: 'example'; source: string }): Promise<OpenedProject> {
    const controller = new AbortController();
    const key = scanKey(hooks.scanId ?? randomUUID(), hooks.owner);
    if (this.scans.has(key)) throw new AppError('invalid-input', 'A scan with that id is already running.');
    this.scans.set(key, controller);
    try {
      const stagingDir = await this.stagingDir();
      const opts = {
        limits: this.options.limits(),
        stagingDir,
        signal: controller.signal,
        ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
        ...(as ? { kind: as.kind } : {}),
      };
      let project: OpenedProject;
      let copy: EarlyCopy | undefined;
      if (hooks.copyNow) {
        const dir = join(stagingDir, `copy-${randomUUID()}`);
        const done = await openAndCopyProject(path, join(dir, INPUT), opts);
        project = done.project;
        copy = { dir, manifest: done.manifest };
      } else {
        project = await openProject(path, opts);
      }
      const opened: OpenedProject = as ? { ...project, summary: { ...project.summary, source: as.source } } : project;
      this.open.set(opened.summary.projectId, { project: opened, owner: hooks.owner, copy });
      // Bounded: the oldest open projects are forgotten (a re-run rescans from the source).
      while (this.open.size > OPEN_PROJECTS_MAX) {
        const oldest = this.open.keys().next().value as string;
        const evicted = this.open.get(oldest);
        this.open.delete(oldest);
        if (evicted) void disposeProject(evicted.project).catch(() => undefined);
        if (evicted?.copy) void rm(evicted.copy.dir, { recursive: true, force: true });
      }
      return opened;
    } finally {
      this.scans.delete(key);
    }
  }

  private async remember(summary: ProjectSummary): Promise<void> {
    if (summary.kind === 'example') return;
    const entry: RecentProject = { source: summary.source, name: summary.name, kind: summary.kind, openedAt: Date.now() };
    this.recent = [entry, ...this.recent.filter((r) => r.source !== entry.source)].slice(0, RECENT_MAX);
    await this.recentStore.save(this.recent);
  }
}

/** Scans by client and id: one window can neither cancel another's scan nor learn its ids by collision. */
function scanKey(scanId: string, owner: string | undefined): string {
  return `${owner ?? ''}\u0000${scanId}`;
}
