import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Notice, Protection } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import { examplePath } from '../registry';
import { Registry } from '../registry';
import { QueueService } from '../queue';
import { resolveResources, type ResourceLayout } from '../resources';
import { detectProtections, endAllRuns, killLeftovers, readLogTail } from '../runner';
import { RunStore } from '../store';
import { createExecutor, createPreparer } from './pipeline';
import { ProjectsService } from './projects';
import { SettingsService } from './settings';
import { WatchService } from '../watch';

export interface EngineOptions {
  dataDir: string;
  runtime: ResourceLayout;
  /** Settings from `<dataDir>/settings.json` (the app), or given (the CLI's --config, tests). */
  settings?: Settings;
  now?: () => number;
}

/**
 * The engine without a window: settings, registry, projects (intake), queue, runner, stores. The app puts IPC in
 * front of it; the CLI calls it directly. Same services, same guarantees.
 */
export interface Engine {
  dataDir: string;
  settings: SettingsService;
  registry: Registry;
  projects: ProjectsService;
  queue: QueueService;
  runs: RunStore;
  watches: WatchService;
  examplesDir: string;
  notices: Notice[];
  cores: number;
  protections(): Promise<Protection[]>;
  shutdown(): Promise<void>;
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const { dataDir } = options;
  const resources = resolveResources(options.runtime);
  const notices: Notice[] = [];

  let settings: SettingsService;
  if (options.settings) settings = SettingsService.inMemory(options.settings);
  else {
    const loaded = await SettingsService.fromFile(join(dataDir, 'settings.json'));
    settings = loaded.service;
    notices.push(...loaded.notices);
  }
  const current = () => settings.current();

  const registry = new Registry({
    settings: current,
    bundled: { tsc: resources.tscPath },
    nodeRuntime: resources.nodeRuntime,
  });
  const projects = new ProjectsService({
    dataDir,
    limits: () => current().intake,
    examplePath: (id) => examplePath(resources.examplesDir, id),
  });
  const runs = new RunStore({ dataDir, ...(options.now ? { now: options.now } : {}) });
  // The watches need the queue and the queue's preparer needs the watches: the preparer asks through this late binding.
  let watches: WatchService | null = null;
  const queue = new QueueService({
    store: runs,
    execute: createExecutor(registry, current),
    prepare: createPreparer(projects, (record, inputDir, signal) => (watches ? watches.prepareInput(record, inputDir, signal) : Promise.resolve(null))),
    settings: () => current().queue,
    retention: () => current().retention,
    keepLines: () => current().limits.outputLinesKept,
    readLog: readLogTail,
    killLeftovers,
    ...(options.now ? { now: options.now } : {}),
  });

  watches = new WatchService({ dataDir, queue, registry, settings: current });
  const watchService = watches;

  await projects.start();
  notices.push(...(await queue.start()).notices);
  // Engine detection runs in the background; `tools:list` waits for the first scan.
  void registry.detect();
  settings.onChange((next, prev) => {
    if (JSON.stringify(next.enginePaths) !== JSON.stringify(prev.enginePaths) || JSON.stringify(next.customTools) !== JSON.stringify(prev.customTools)) {
      void registry.detect();
    }
  });

  let protections: Promise<Protection[]> | null = null;
  return {
    dataDir,
    settings,
    registry,
    projects,
    queue,
    runs,
    watches: watchService,
    examplesDir: resources.examplesDir,
    notices,
    cores: availableParallelism(),
    protections: () => (protections ??= detectProtections()),
    async shutdown() {
      await watchService.stopAll();
      await queue.shutdown();
      // A safety net: nothing the runner started outlives the engine, even if the queue lost track of it.
      await endAllRuns();
    },
  };
}
