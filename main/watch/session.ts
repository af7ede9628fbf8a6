import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import type { FSWatcher } from 'chokidar';
import { AppError } from '../../shared/errors';
import { isActive, type JobRecord } from '../../shared/jobs';
import type { WatchEvent, WatchInfo } from '../../shared/watch';
import { copyProject, openProject, type Manifest, type OpenedProject } from '../intake';
import { syncMirror } from '../intake/incremental';
import type { JobQueue } from '../queue';
import { watchIgnore } from './ignore';
import type { IntakeLimits } from '../../shared/settings';

export interface SessionOptions {
  watchId: string;
  clientId: string;
  /** The folder the user watches (absolute). */
  path: string;
  toolId: string;
  toolName: string;
  timeoutSec: number;
  debounceMs: number;
  limits: () => IntakeLimits;
  /** `<dataDir>/watch/<watchId>`: the mirror of the project lives here. */
  workDir: string;
  queue: JobQueue;
  onEvent: (event: WatchEvent) => void;
}

/**
 * One watch: a folder, a tool, a client. Keeps a private mirror of the folder (updated by copying only what
 * changed), and after each settled burst of changes cancels the watch's run that is now stale and starts a new one,
 * whose input is made from the mirror. Bursts are handled one after another, never two at once.
 */
export class WatchSession {
  readonly info: WatchInfo;
  private readonly mirror: string;
  private opened: OpenedProject | null = null;
  private manifest: Manifest | null = null;
  private current: string | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly abort = new AbortController();
  /** A run was refused by the watch's hourly budget: the next cycle runs even without new changes. */
  private owed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: SessionOptions) {
    this.mirror = join(opts.workDir, 'mirror');
    this.info = { watchId: opts.watchId, toolId: opts.toolId, projectName: '', source: opts.path, debounceMs: opts.debounceMs };
  }

  /** Syncs and runs once, then watches. Resolves when the watcher is ready (changes from then on are seen). */
  async start(): Promise<void> {
    await this.cycle(true);
    if (!this.opened) throw new AppError('rejected', `'${this.opts.path}' could not be watched.`);
    const ignored = await watchIgnore(this.opened.root, this.opened.limits.respectGitignore);
    // chokidar (with readdirp, ~66 kB) loads when a watch starts: `hapyy run` and the app's start do not pay for it.
    const { watch } = await import('chokidar');
    const watcher = watch(this.opened.root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (p, stats) => ignored(p, stats?.isDirectory() ?? false),
    });
    this.watcher = watcher;
    watcher.on('all', () => this.touched());
    watcher.on('error', (error) => this.emit({ type: 'error', message: `The watcher reported: ${(error as Error).message}` }));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  /** The input of one of this watch's runs: a copy of the mirror as of the last sync. */
  async prepareInput(inputDir: string, signal: AbortSignal): Promise<Manifest> {
    if (!this.opened || !this.manifest) throw new AppError('internal', 'The watch has no copy of the project yet.');
    return copyProject({ ...this.opened, root: this.mirror, manifest: this.manifest }, inputDir, { signal });
  }

  /** Stops watching, cancels the watch's run if it is still waiting or running, and removes the mirror. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.abort.abort();
    await this.watcher?.close();
    await this.chain;
    await this.cancelCurrent(false);
    await rm(this.opts.workDir, { recursive: true, force: true });
    this.emit({ type: 'stopped' });
  }

  /** A change: (re)start the settle timer; the burst is handled once nothing has changed for debounceMs. */
  private touched(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.chain = this.chain.then(() => this.cycle(false));
    }, this.opts.debounceMs);
  }

  private async cycle(first: boolean): Promise<void> {
    if (this.stopped) return;
    try {
      const opened = await openProject(this.opts.path, { limits: this.opts.limits(), stagingDir: join(this.opts.workDir, 'staging'), signal: this.abort.signal });
      if (opened.summary.kind !== 'folder') throw new AppError('invalid-input', 'Only a folder can be watched.');
      const sync = await syncMirror(opened, this.mirror, this.manifest, { signal: this.abort.signal });
      this.opened = opened;
      this.manifest = sync.manifest;
      this.info.projectName = opened.summary.name;
      if (!first && !this.owed && sync.copied.length === 0 && sync.removed.length === 0) {
        this.emit({ type: 'unchanged' });
        return;
      }
      this.emit({ type: 'synced', copied: sync.copied.length, removed: sync.removed.length, files: sync.manifest.files.length });
      await this.cancelCurrent(true);
      if (this.stopped) return;
      const view = await this.opts.queue.submit({
        clientId: this.opts.clientId,
        toolId: this.opts.toolId,
        toolName: this.opts.toolName,
        project: { name: opened.summary.name, source: opened.summary.source, kind: 'folder' },
        priority: 'interactive',
        timeoutSec: this.opts.timeoutSec,
        watchId: this.opts.watchId,
      });
      this.current = view.record.jobId;
      this.owed = false;
      this.emit({ type: 'run', jobId: view.record.jobId });
    } catch (error) {
      if (first) throw error;
      this.oweRunIfBudgetSpent(error);
      if (!this.stopped) this.emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * The watch's hourly budget (ClientLimits, perWatchHourly) refused this run: the mirror is up to date, so run the
   * latest changes when the budget frees a place, even if nothing changes meanwhile. The refusal itself is reported
   * as an error event with the time.
   */
  private oweRunIfBudgetSpent(error: unknown): void {
    if (!(error instanceof AppError) || error.code !== 'limit' || error.details?.limit !== 'perWatchHourly') return;
    const retryAt = error.details.retryAt;
    if (typeof retryAt !== 'number') return;
    this.owed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.chain = this.chain.then(() => this.cycle(false));
    }, Math.max(0, retryAt - Date.now()));
    this.retryTimer.unref();
  }

  private async cancelCurrent(stale: boolean): Promise<void> {
    const jobId = this.current;
    if (!jobId) return;
    const record: JobRecord | undefined = this.opts.queue.list().find((r) => r.jobId === jobId);
    if (!record || !isActive(record.status)) return;
    await this.opts.queue.cancel(jobId).catch(() => undefined);
    if (stale) this.emit({ type: 'stale-cancelled', jobId });
  }

  private emit(event: WatchEvent extends infer E ? (E extends { watchId: string } ? Omit<E, 'watchId'> : never) : never): void {
    this.opts.onEvent({ watchId: this.opts.watchId, ...event } as WatchEvent);
  }
}
