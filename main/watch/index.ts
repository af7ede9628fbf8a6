import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/jobs';
import type { Settings } from '../../shared/settings';
import type { WatchEvent, WatchInfo } from '../../shared/watch';
import type { Manifest } from '../intake';
import type { JobQueue } from '../queue';
import { timeLimitFor, type Registry } from '../registry';
import { WatchSession } from './session';

export interface WatchDeps {
  dataDir: string;
  queue: JobQueue;
  registry: Registry;
  settings: () => Settings;
}

export interface WatchRequest {
  clientId: string;
  path: string;
  toolId: string;
  onEvent: (event: WatchEvent) => void;
}

/** Bound on watches at once, for the whole engine (each holds a watcher and a mirror of its folder). */
const MAX_WATCHES = 16;

/** The watch use case, for the window and the CLI alike: start, stop, and the input of a watch's runs. */
export class WatchService {
  private readonly sessions = new Map<string, { clientId: string; session: WatchSession }>();

  constructor(private readonly deps: WatchDeps) {}

  async start(req: WatchRequest): Promise<WatchInfo> {
    if (this.sessions.size >= MAX_WATCHES) throw new AppError('limit', `At most ${MAX_WATCHES} folders can be watched at once.`);
    await this.deps.registry.ready();
    const tool = this.deps.registry.tools().find((t) => t.id === req.toolId);
    if (!tool) throw new AppError('not-found', `There is no tool called “${req.toolId}”.`);
    this.deps.registry.resolve(tool.id); // unavailable: refused now, not on the first change
    const settings = this.deps.settings();
    const watchId = `watch-${randomUUID()}`;
    const session = new WatchSession({
      watchId,
      clientId: req.clientId,
      path: resolve(req.path),
      toolId: tool.id,
      toolName: tool.name,
      timeoutSec: timeLimitFor(tool.execution, settings.tools[tool.id]?.timeoutSec, undefined).sec,
      debounceMs: settings.watch.debounceMs,
      limits: () => this.deps.settings().intake,
      workDir: join(this.deps.dataDir, 'watch', watchId),
      queue: this.deps.queue,
      onEvent: req.onEvent,
    });
    this.sessions.set(watchId, { clientId: req.clientId, session });
    try {
      await session.start();
    } catch (error) {
      this.sessions.delete(watchId);
      await session.stop().catch(() => undefined);
      throw error;
    }
    return session.info;
  }

  /** Stops a watch of this client (a window stops only its own). */
  async stop(watchId: string, clientId: string): Promise<void> {
    const entry = this.sessions.get(watchId);
    if (!entry) throw new AppError('not-found', 'That watch is not running.');
    if (entry.clientId !== clientId) throw new AppError('forbidden');
    this.sessions.delete(watchId);
    await entry.session.stop();
  }

  /** Every watch of one client (a window that closes), or all of them (shutdown). */
  async stopAll(clientId?: string): Promise<void> {
    const mine = [...this.sessions].filter(([, e]) => clientId === undefined || e.clientId === clientId);
    for (const [id] of mine) this.sessions.delete(id);
    await Promise.all(mine.map(([, e]) => e.session.stop()));
  }

  list(clientId: string): WatchInfo[] {
    return [...this.sessions.values()].filter((e) => e.clientId === clientId).map((e) => e.session.info);
  }

  /** The preparer's hook: a watch's run copies the watch's mirror; any other run is not ours (null). */
  readonly prepareInput = async (record: JobRecord, inputDir: string, signal: AbortSignal): Promise<Manifest | null> => {
    if (!record.watchId) return null;
    const entry = this.sessions.get(record.watchId);
    if (!entry) throw new AppError('cancelled', 'The watch that asked for this run has stopped.');
    return entry.session.prepareInput(inputDir, signal);
  };
}
