import { isAbsolute } from 'node:path';
import type { JobRecord } from '../../shared/jobs';
import { AppError } from '../../shared/errors';
import { listExamples } from '../registry';
import { exportZip, listTree, readPreview, resolveInRun } from '../results';
import type { Engine } from '../services/engine';
import type { Desktop } from '../services/desktop';
import { protectionChanges } from '../services/protection-changes';
import type { CompareService } from '../compare/service';
import { Jobs, type Client } from '../jobs';
import type { EventHub } from './events';
import type { PathTokens } from './path-tokens';
import type { Caller, Handlers, PreloadHandlers } from './router';
import { SettingsSchema } from '../../shared/settings';
import { keepPoolSecret, maskedState } from './settings-view';

export interface HandlerDeps {
  engine: Engine;
  events: EventHub;
  desktop: Desktop;
  appVersion: string;
  /** Paths the user dropped, held in main; the page gets one-use tokens for them. */
  tokens: PathTokens;
  /** The window's compares (a worker thread, paged). */
  compares: CompareService;
}

/**
 * One handler per channel of the contract (the `Handlers` type makes a missing one a compile error).
 * Jobs are by id; a window may read and act on its own jobs and on those of clients that are gone (history),
 * never on another live window's.
 */
export function createHandlers({ engine, events, desktop, appVersion, tokens, compares }: HandlerDeps): Handlers {
  const { registry, projects, settings, runs } = engine;
  const jobs = new Jobs(engine);

  const client = (caller: Caller): Client => ({ clientId: caller.clientId, canSee: (owner) => events.canSee(caller.clientId, owner) });
  const ownJob = (jobId: string, caller: Caller): JobRecord => jobs.record(client(caller), jobId);
  // A project and its scan belong to the window that opened them.
  const scanFor = (caller: Caller, scanId: string | undefined) => ({
    owner: caller.clientId,
    ...(scanId
      ? { scanId, onProgress: (p: { files: number; bytes: number }) => events.sendTo(caller.clientId, 'scan:progress', { scanId, ...p, done: false }) }
      : {}),
  });

  return {
    'app:info': async () => ({
      version: appVersion,
      platform: process.platform,
      arch: process.arch,
      dataDir: engine.dataDir,
      cores: engine.cores,
      protections: await engine.protections(),
      notices: engine.notices,
    }),

    'tools:list': async () => {
      await registry.ready();
      return registry.list();
    },
    'tools:rescan': () => registry.detect(),

    'examples:list': async ({ toolId }) => {
      const all = await listExamples(engine.examplesDir);
      return toolId ? all.filter((e) => e.toolId === toolId) : all;
    },
    'examples:open': ({ exampleId, scanId }, caller) => projects.openExample(exampleId, scanFor(caller, scanId)),

    // Main accepts a project path only from a drop (by its token) or its own dialog (the path never leaves main).
    'projects:open': ({ token, scanId }, caller) => projects.openPath(tokens.redeem(caller.clientId, token), scanFor(caller, scanId)),
    'projects:pick': async ({ scanId }, caller) => {
      const path = await desktop.pickProject();
      return path ? projects.openPath(path, scanFor(caller, scanId)) : null;
    },
    'projects:cancelScan': ({ scanId }, caller) => {
      projects.cancelScan(scanId, caller.clientId);
      return null;
    },
    'projects:recent': () => projects.recentProjects(),
    'projects:reopen': ({ source, scanId }, caller) => projects.reopenRecent(source, scanFor(caller, scanId)),

    'jobs:submit': (req, caller) => jobs.submit(client(caller), req),
    'jobs:cancel': ({ jobId }, caller) => jobs.cancel(client(caller), jobId),
    'jobs:list': (_req, caller) => jobs.list(client(caller)),
    'jobs:get': ({ jobId }, caller) => jobs.get(client(caller), jobId),
    'jobs:diagnostics': ({ jobId }, caller) => jobs.diagnostics(client(caller), jobId),
    'jobs:rerun': ({ jobId }, caller) => jobs.rerun(client(caller), jobId),
    'jobs:delete': async ({ jobId }, caller) => {
      await jobs.delete(client(caller), jobId);
      return null;
    },
    'history:clear': async (_req, caller) => ({ removed: await jobs.clearHistory(client(caller)) }),

    'queue:status': (_req, caller) => jobs.status(client(caller)),
    'queue:pause': (_req, caller) => {
      engine.queue.pause();
      return jobs.status(client(caller));
    },
    'queue:resume': (_req, caller) => {
      engine.queue.resume();
      return jobs.status(client(caller));
    },

    'results:tree': async ({ jobId }, caller) => {
      const record = ownJob(jobId, caller);
      const root = runs.runDir(jobId);
      return { root, nodes: await listTree(root, record.filesProduced) };
    },
    'results:preview': ({ jobId, path }, caller) => {
      ownJob(jobId, caller);
      return readPreview(runs.runDir(jobId), path);
    },
    'results:export': async ({ jobId }, caller) => {
      const record = ownJob(jobId, caller);
      const dest = await desktop.pickSavePath(`${safeName(record.project.name)}-${record.toolId}.zip`);
      if (!dest) return null;
      return exportZip(runs.runDir(jobId), record.filesProduced, dest);
    },
    'results:reveal': async ({ jobId, path }, caller) => {
      ownJob(jobId, caller);
      const root = runs.runDir(jobId);
      desktop.reveal(path ? await resolveInRun(root, path) : root);
      return null;
    },

    'settings:get': () => maskedState(settings.state(registry.customToolProblems())),
    'settings:set': async ({ settings: proposed }) => {
      const next = keepPoolSecret(SettingsSchema.parse(proposed), settings.current());
      // The window proposes; main decides: lowering protection or running a new program needs the user's own yes.
      const changes = protectionChanges(settings.current(), next);
      if (changes.length > 0) {
        const confirmed = await desktop.confirmChanges({ title: 'Allow these changes to how tools run?', changes, confirmLabel: 'Allow' });
        if (!confirmed) throw new AppError('cancelled', 'The change was not confirmed, so nothing was changed.');
      }
      await settings.set(next);
      return maskedState(settings.state(registry.customToolProblems()));
    },
    'settings:reset': async () => {
      await settings.reset();
      return maskedState(settings.state(registry.customToolProblems()));
    },

    'jobs:compare': ({ a, b }, caller) => {
      ownJob(a, caller);
      ownJob(b, caller);
      return compares.open(caller.clientId, a, b);
    },
    'compare:problems': ({ compareId, state, offset, limit }, caller) => compares.problems(caller.clientId, compareId, state, offset, limit),
    'compare:files': ({ compareId, offset, limit }, caller) => compares.files(caller.clientId, compareId, offset, limit),
    'compare:diff': ({ compareId, path }, caller) => compares.diff(caller.clientId, compareId, path),

    'watch:start': ({ projectId, toolId }, caller) => {
      const project = projects.get(projectId, caller.clientId);
      if (project.summary.kind !== 'folder') throw new AppError('invalid-input', 'Only a folder can be watched.');
      return engine.watches.start({
        clientId: caller.clientId,
        path: project.summary.source,
        toolId,
        onEvent: (event) => events.sendTo(caller.clientId, 'watch:event', event),
      });
    },
    'watch:stop': async ({ watchId }, caller) => {
      await engine.watches.stop(watchId, caller.clientId);
      return null;
    },
  };
}

/** The channels only the preload calls: a dropped file's path in, a token bound to that window out. */
export function createPreloadHandlers({ tokens }: Pick<HandlerDeps, 'tokens'>): PreloadHandlers {
  return {
    'drop:token': ({ path }, caller) => {
      // A dropped item's path is absolute; a relative one would resolve against the app's folder.
      if (!isAbsolute(path)) throw new AppError('invalid-input', 'The dropped item has no absolute path.');
      return tokens.mint(caller.clientId, path);
    },
  };
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'project';
}
