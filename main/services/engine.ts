import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Notice, Protection } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import { examplePath } from '../registry';
import { Registry } from '../registry';
import { QueueService, type JobQueue, type QueueOptions } from '../queue';
import { startQueueBackend } from './queue-backend';
import { resolveResources, type ResourceLayout } from '../resources';
import { createRunner, readLogTail, type Runner } from '../runner';
import { DATA_LAYOUT, RunStore, tightenDataDir } from '../store';
import { facilitiesCache } from './facilities-cache';
import { createExecutor, createPreparer } from './pipeline';
import { ProjectsService } from './projects';
import { SettingsService } from './settings';
import { WatchService } from '../watch';
import { versionCache } from './version-cache';

export interface EngineOptions {
  dataDir: string;
  runtime: ResourceLayout;
  /** Settings from `<dataDir>/settings.json` (the app), or given (the CLI's --config, tests). */
  settings?: Settings;
  now?: () => number;
  /** The runner this engine's jobs run on; default a new one. Never shared by accident: there is no global one. */
  runner?: Runner;
  /** Start a full engine detection at once (default true); the CLI detects only what its command needs. */
  detectAtStart?: boolean;
  /**
   * Start the machine's sandbox probe (bubblewrap, cgroups) at once, before the settings and the stores are read
   * (default false): `hapyy run` needs it before its first run, and a fresh data folder's probe is the longest wait.
   */
  probeSandboxAtStart?: boolean;
  /** A shared pool (redis://…) to run jobs on instead of this machine; default the settings' `pool.url`. */
  poolUrl?: string | null;
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
  /** The embedded queue today; a pool backend implements the same interface. */
  queue: JobQueue;
  /** Jobs run in this process (the embedded queue), not on a shared pool's workers. */
  runsHere: boolean;
  runs: RunStore;
  runner: Runner;
  watches: WatchService;
  examplesDir: string;
  notices: Notice[];
  cores: number;
  /** What a run started now would get, from the current settings and the machine's probe (each run records its own). */
  protections(): Promise<Protection[]>;
  shutdown(): Promise<void>;
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const { dataDir } = options;
  await tightenDataDir(dataDir);
  const resources = resolveResources(options.runtime);
  const notices: Notice[] = [];

  // The sandbox probe and engines' version answers are kept in the data folder: a CLI process (or an app start) that
  // finds them unchanged starts no throw-away sandbox and no `--version` before its first run.
  const runner = options.runner ?? createRunner({ facilitiesCache: facilitiesCache(dataDir) });
  // Memoised by the runner: whoever asks next (protections(), a run) gets this probe's answer.
  const earlyProbe = options.probeSandboxAtStart ? runner.detectProtections().catch(() => undefined) : null;

  let settings: SettingsService;
  if (options.settings) settings = SettingsService.inMemory(options.settings);
  else {
    const loaded = await SettingsService.fromFile(join(dataDir, DATA_LAYOUT.settings));
    settings = loaded.service;
    notices.push(...loaded.notices);
  }
  const current = () => settings.current();

  const registry = new Registry({
    settings: current,
    bundled: { tsc: resources.tscPath },
    nodeRuntime: resources.nodeRuntime,
    // Version probes run like tools: the allow-listed environment, and the sandbox when it is on.
    probeWrap: runner.wrapProbe,
    versionCache: versionCache(dataDir),
  });
  const projects = new ProjectsService({
    dataDir,
    limits: () => current().intake,
    examplePath: (id) => examplePath(resources.examplesDir, id),
  });
  const runs = new RunStore({ dataDir, ...(options.now ? { now: options.now } : {}) });
  // The watches need the queue and the queue's preparer needs the watches: the preparer asks through this late binding.
  let watches: WatchService | null = null;
  const queueOptions: QueueOptions = {
    store: runs,
    execute: createExecutor(registry, runner, current),
    prepare: createPreparer(projects, (record, inputDir, signal) => (watches ? watches.prepareInput(record, inputDir, signal) : Promise.resolve(null))),
    settings: () => current().queue,
    retention: () => current().retention,
    keepLines: () => current().limits.outputLinesKept,
    readLog: readLogTail,
    killLeftovers: (jobIds: string[]) => runner.killLeftovers(jobIds),
    ...(options.now ? { now: options.now } : {}),
  };

  await projects.start();
  // The embedded queue, or the shared pool when one is set and can be reached (otherwise this machine, with a notice).
  const queue: JobQueue = await startQueueBackend({
    poolUrl: options.poolUrl === undefined ? current().pool.url : options.poolUrl,
    dataDir,
    embedded: () => new QueueService(queueOptions),
    queueOptions,
    intakeLimits: () => current().intake,
    notices,
  });
  watches = new WatchService({ dataDir, queue, registry, settings: current });
  const watchService = watches;
  // Engine detection runs in the background; `tools:list` waits for the first scan. The CLI opts out and detects
  // only what its command needs (detectAtStart: false).
  if (options.detectAtStart !== false) void registry.detect();
  settings.onChange((next, prev) => {
    // A new concurrency applies at once, not at the next start or end.
    queue.applySettings();
    if (JSON.stringify(next.enginePaths) !== JSON.stringify(prev.enginePaths) || JSON.stringify(next.customTools) !== JSON.stringify(prev.customTools)) {
      void registry.detect();
    }
  });

  return {
    dataDir,
    settings,
    registry,
    projects,
    queue,
    runsHere: queue instanceof QueueService,
    runs,
    runner,
    watches: watchService,
    examplesDir: resources.examplesDir,
    notices,
    cores: availableParallelism(),
    // Read per call: the sandbox setting can change at any time, and the machine's probe is cached by the runner.
    protections: () => runner.detectProtections({ sandbox: current().sandbox }),
    async shutdown() {
      await watchService.stopAll();
      await queue.shutdown();
      // A safety net: nothing this engine's runner started outlives the engine, even if the queue lost track of it.
      // Only this runner's runs: another engine in the same process keeps its own.
      await runner.endAllRuns();
      // Background detection and the early sandbox probe (started above, or by a settings change) end before the
      // engine does: their answers are written into the data folder.
      await Promise.all([registry.idle(), earlyProbe]);
      await projects.dropCopies();
    },
  };
}
