import { isAbsolute } from 'node:path';
import type { QueueStatus, JobRecord } from '../../shared/jobs';
import { AppError } from '../../shared/errors';
import { listExamples } from '../registry';
import { exportZip, listTree, readPreview, resolveInRun } from '../results';
import type { Engine } from '../services/engine';
import type { Desktop } from '../services/desktop';
import { readDiagnostics } from '../services/pipeline';
import { compareJobs } from '../compare';
import type { EventHub } from './events';
import type { Caller, Handlers } from './router';
import { SettingsSchema } from '../../shared/settings';

export interface HandlerDeps {
  engine: Engine;
  events: EventHub;
  desktop: Desktop;
  appVersion: string;
}

/**
 * One handler per channel of the contract (the `Handlers` type makes a missing one a compile error).
 * Jobs are by id; a window may read and act on its own jobs and on those of clients that are gone (history),
 * never on another live window's.
 */
export function createHandlers({ engine, events, desktop, appVersion }: HandlerDeps): Handlers {
  const { queue, registry, projects, settings, runs } = engine;

  const visible = (record: JobRecord, caller: Caller) => events.canSee(caller.clientId, record.clientId);
  const ownJob = (jobId: string, caller: Caller): JobRecord => {
    const record = queue.list().find((r) => r.jobId === jobId);
    if (!record) throw new AppError('not-found', 'That job does not exist (it may have been deleted).');
    if (!visible(record, caller)) throw new AppError('forbidden');
    return record;
  };
  const progressTo = (caller: Caller, scanId: string | undefined) =>
    scanId
      ? { scanId, onProgress: (p: { files: number; bytes: number }) => events.sendTo(caller.clientId, 'scan:progress', { scanId, ...p, done: false }) }
      : {};
  const statusFor = (caller: Caller): QueueStatus => filterStatus(queue.status(), (r) => visible(r, caller));

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
    'examples:open': ({ exampleId, scanId }, caller) => projects.openExample(exampleId, progressTo(caller, scanId)),

    'projects:open': ({ path, scanId }, caller) => {
      // Only the path the user dropped or picked, which is absolute; a relative one would resolve against the app's folder.
      if (!isAbsolute(path)) throw new AppError('invalid-input', 'The project path must be absolute.');
      return projects.openPath(path, progressTo(caller, scanId));
    },
    'projects:pick': async ({ scanId }, caller) => {
      const path = await desktop.pickProject();
      return path ? projects.openPath(path, progressTo(caller, scanId)) : null;
    },
    'projects:cancelScan': ({ scanId }) => {
      projects.cancelScan(scanId);
      return null;
    },
    'projects:recent': () => projects.recentProjects(),

    'jobs:submit': async ({ projectId, toolId, priority, timeoutSec }, caller) => {
      const project = projects.get(projectId);
      const tool = registry.tools().find((t) => t.id === toolId);
      if (!tool) throw new AppError('not-found', `There is no tool called “${toolId}”.`);
      return queue.submit({
        clientId: caller.clientId,
        toolId,
        toolName: tool.name,
        project: { name: project.summary.name, source: project.summary.source, kind: project.summary.kind },
        priority: priority ?? 'interactive',
        timeoutSec: effectiveTimeout(tool.execution, settings.current().tools[toolId]?.timeoutSec, timeoutSec),
      });
    },
    'jobs:cancel': ({ jobId }, caller) => {
      ownJob(jobId, caller);
      return queue.cancel(jobId);
    },
    'jobs:list': (_req, caller) => queue.list().filter((r) => visible(r, caller)),
    'jobs:get': ({ jobId }, caller) => {
      ownJob(jobId, caller);
      return queue.get(jobId);
    },
    'jobs:diagnostics': ({ jobId }, caller) => {
      ownJob(jobId, caller);
      return readDiagnostics(runs.runDir(jobId));
    },
    'jobs:rerun': ({ jobId }, caller) => {
      ownJob(jobId, caller);
      return queue.rerun(jobId, caller.clientId);
    },
    'jobs:delete': async ({ jobId }, caller) => {
      ownJob(jobId, caller);
      await queue.delete(jobId);
      return null;
    },
    // Only what this window may see: another live window's runs are not its to delete.
    'history:clear': async (_req, caller) => ({ removed: await queue.clearHistory((r) => visible(r, caller)) }),

    'queue:status': (_req, caller) => statusFor(caller),
    'queue:pause': (_req, caller) => {
      queue.pause();
      return statusFor(caller);
    },
    'queue:resume': (_req, caller) => {
      queue.resume();
      return statusFor(caller);
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

    'settings:get': () => settings.state(registry.customToolProblems()),
    'settings:set': async ({ settings: next }) => {
      await settings.set(SettingsSchema.parse(next));
      return settings.state(registry.customToolProblems());
    },
    'settings:reset': async () => {
      await settings.reset();
      return settings.state(registry.customToolProblems());
    },

    'jobs:compare': ({ a, b }, caller) => {
      ownJob(a, caller);
      ownJob(b, caller);
      return compareJobs({ records: () => queue.list(), runDir: (id) => runs.runDir(id) }, a, b);
    },

    'watch:start': ({ projectId, toolId }, caller) => {
      const project = projects.get(projectId);
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

/** The time limit for one run: the request may lower the configured limit, never raise it past the tool's maximum. */
export function effectiveTimeout(
  exec: { defaultTimeoutSec: number; maxTimeoutSec: number },
  configured: number | undefined,
  requested: number | undefined,
): number {
  const base = Math.min(configured ?? exec.defaultTimeoutSec, exec.maxTimeoutSec);
  return requested === undefined ? base : Math.max(1, Math.min(requested, base));
}

function filterStatus(status: QueueStatus, keep: (r: JobRecord) => boolean): QueueStatus {
  return { ...status, jobs: status.jobs.filter((j) => keep(j.record)) };
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'project';
}
