import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { ProjectRef } from '../../shared/jobs';
import { RecentProjectSchema, type ProjectSummary, type RecentProject } from '../../shared/projects';
import type { IntakeLimits } from '../../shared/settings';
import { disposeProject, openProject, type OpenedProject } from '../intake';
import { DATA_LAYOUT, JsonFileStore, mkdirPrivate, ownedByLiveProcess, writeOwner } from '../store';

const RECENT_MAX = 12;
const OPEN_PROJECTS_MAX = 64;
const RecentListSchema = z.array(RecentProjectSchema).max(100);

export interface ProjectsOptions {
  dataDir: string;
  limits: () => IntakeLimits;
  /** Resolves an example id to its bundled folder. */
  examplePath: (exampleId: string) => Promise<string>;
}

export interface ScanHooks {
  scanId?: string;
  onProgress?: (p: { files: number; bytes: number }) => void;
}

/**
 * Projects the user has opened in this session, by id, so later requests never carry a path again.
 * Scans can be cancelled by their scan id; the most recent projects are remembered on disk.
 */
export class ProjectsService {
  private readonly open = new Map<string, OpenedProject>();
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

  async openExample(exampleId: string, hooks: ScanHooks = {}): Promise<ProjectSummary> {
    const path = await this.options.examplePath(exampleId);
    const project = await this.scan(path, hooks, { kind: 'example', source: exampleId });
    return project.summary;
  }

  cancelScan(scanId: string): void {
    this.scans.get(scanId)?.abort();
  }

  get(projectId: string): OpenedProject {
    const project = this.open.get(projectId);
    if (!project) throw new AppError('not-found', 'That project is no longer open. Open it again.');
    return project;
  }

  /** The project a job record names: the open one with the same source, or a fresh scan of it (re-runs after a restart). */
  async forRecord(ref: ProjectRef): Promise<OpenedProject> {
    for (const project of this.open.values()) {
      if (project.summary.source === ref.source && project.summary.kind === ref.kind) return project;
    }
    if (ref.kind === 'example') {
      return this.scan(await this.options.examplePath(ref.source), {}, { kind: 'example', source: ref.source });
    }
    return this.scan(ref.source, {});
  }

  recentProjects(): RecentProject[] {
    return this.recent;
  }

  private async scan(path: string, hooks: ScanHooks, as?: { kind: 'example'; source: string }): Promise<OpenedProject> {
    const controller = new AbortController();
    const scanId = hooks.scanId ?? randomUUID();
    if (this.scans.has(scanId)) throw new AppError('invalid-input', 'A scan with that id is already running.');
    this.scans.set(scanId, controller);
    try {
      const project = await openProject(path, {
        limits: this.options.limits(),
        stagingDir: await this.stagingDir(),
        signal: controller.signal,
        ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
        ...(as ? { kind: as.kind } : {}),
      });
      const opened: OpenedProject = as ? { ...project, summary: { ...project.summary, source: as.source } } : project;
      this.open.set(opened.summary.projectId, opened);
      // Bounded: the oldest open projects are forgotten (a re-run rescans from the source).
      while (this.open.size > OPEN_PROJECTS_MAX) {
        const oldest = this.open.keys().next().value as string;
        const evicted = this.open.get(oldest);
        this.open.delete(oldest);
        if (evicted) void disposeProject(evicted).catch(() => undefined);
      }
      return opened;
    } finally {
      this.scans.delete(scanId);
    }
  }

  private async remember(summary: ProjectSummary): Promise<void> {
    if (summary.kind === 'example') return;
    const entry: RecentProject = { source: summary.source, name: summary.name, kind: summary.kind, openedAt: Date.now() };
    this.recent = [entry, ...this.recent.filter((r) => r.source !== entry.source)].slice(0, RECENT_MAX);
    await this.recentStore.save(this.recent);
  }
}
