import type { EventPayload } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import type { ResourceLayout } from '../resources';
import { CompareService } from '../compare/service';
import { packageVersion } from '../resources/version';
import { createEngine, type Desktop, type Engine } from '../services';
import { EventHub } from './events';
import { createHandlers, createPreloadHandlers } from './handlers';
import { PathTokens } from './path-tokens';
import { Router, type Caller } from './router';
import { maskedState } from './settings-view';

export type { Desktop, Engine } from '../services';

export interface ServicesOptions {
  dataDir: string;
  appVersion?: string;
  runtime: ResourceLayout;
  desktop: Desktop;
  trustSender: (caller: Caller) => boolean;
  settings?: Settings;
  validateResponses?: boolean;
  now?: () => number;
}

export interface Services {
  engine: Engine;
  events: EventHub;
  router: Router;
  /** The window's compares (a worker thread); exposed for their progress. */
  compares: CompareService;
  shutdown(): Promise<void>;
}

/**
 * The app's main-process services: the engine, with the router and event hub in front of it. Plain Node: the
 * Electron shell, the Chromium E2E bridge and the tests all build exactly this.
 */
export async function createServices(options: ServicesOptions): Promise<Services> {
  const engine = await createEngine({
    dataDir: options.dataDir,
    runtime: options.runtime,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const events = new EventHub();

  // Output batches carry only the job id; remember each active job's owner to route them without a lookup.
  const owners = new Map<string, string>();
  // A job's events go to the clients that may see it (events.canSee): its owner while it lives, and every window
  // once it is gone — a pool job taken up again after a restart belongs to a window of the last session.
  const toViewers = <E extends 'job:started' | 'job:output' | 'job:finished'>(owner: string, event: E, payload: EventPayload<E>) => {
    for (const clientId of events.clients()) if (events.canSee(clientId, owner)) events.sendTo(clientId, event, payload);
  };
  engine.queue.on('job:queued', (view) => {
    owners.set(view.record.jobId, view.record.clientId);
    events.sendTo(view.record.clientId, 'job:queued', view);
  });
  engine.queue.on('job:started', (view) => toViewers(view.record.clientId, 'job:started', view));
  engine.queue.on('job:output', (batch) => {
    const owner = owners.get(batch.jobId) ?? engine.queue.find(batch.jobId)?.clientId;
    if (owner) toViewers(owner, 'job:output', batch);
  });
  engine.queue.on('job:finished', (record) => {
    owners.delete(record.jobId);
    toViewers(record.clientId, 'job:finished', record);
  });
  engine.queue.on('queue:status', (status) =>
    events.broadcastEach('queue:status', (clientId) => ({ ...status, jobs: status.jobs.filter((j) => events.canSee(clientId, j.record.clientId)) })),
  );
  engine.registry.onChange((tools) => events.broadcast('tools:changed', tools));
  engine.settings.onChange(() => events.broadcast('settings:changed', maskedState(engine.settings.state(engine.registry.customToolProblems()))));
  // What goes wrong after start-up (a record that could not be saved, a clean-up that failed) reaches every window.
  engine.queue.on('app:notice', (notice) => events.broadcast('app:notice', notice));

  const tokens = new PathTokens();
  // What a window alone owned goes when it closes: its unused drop tokens, its scans and its project ids.
  events.onClientGone((clientId) => {
    tokens.forgetClient(clientId);
    engine.projects.forgetClient(clientId);
  });
  const compares = new CompareService({ records: () => engine.queue.list(), runDir: (id) => engine.runs.runDir(id) });
  const router = new Router(
    createHandlers({ engine, events, desktop: options.desktop, appVersion: options.appVersion ?? packageVersion(options.runtime.appRoot), tokens, compares }),
    {
      trustSender: options.trustSender,
      validateResponses: options.validateResponses ?? false,
      onInternalError: (channel, error) => console.error(`[hapyy] ${channel} failed:`, error),
    },
    createPreloadHandlers({ tokens }),
  );
  return {
    engine,
    events,
    router,
    compares,
    shutdown: async () => {
      await compares.close();
      await engine.shutdown();
    },
  };
}

