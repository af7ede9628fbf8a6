/** Plain data for component tests, shaped by the shared schemas (each is parsed, so a schema change breaks here first). */
import type { AppInfo, SettingsState, ToolStatus } from '../../shared/contract';
import { AppInfoSchema, SettingsStateSchema, ToolStatusSchema } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { type JobRecord, type JobView, type OutputLine, type QueueStatus } from '../../shared/jobs';
import { JobRecordSchema, QueueStatusSchema } from '../../shared/wire/jobs';
import { ProjectSummarySchema, type ProjectSummary } from '../../shared/projects';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { BUILTIN_TOOLS, type ToolDef } from '../../shared/tools';
import type { Handlers } from './fake-api';

export function toolDef(id: string): ToolDef {
  const tool = BUILTIN_TOOLS.find((t) => t.id === id);
  if (!tool) throw new Error(`no built-in tool ${id}`);
  return tool;
}

export function availableTool(id: string, engine = { id: 'shellcheck', name: 'ShellCheck', version: '0.10.0', path: '/usr/bin/shellcheck' }): ToolStatus {
  const tool = toolDef(id);
  return ToolStatusSchema.parse({
    tool,
    available: true,
    engine,
    lookedFor: [],
    install: [],
  });
}

export function missingTool(id: string): ToolStatus {
  const tool = toolDef(id);
  return ToolStatusSchema.parse({
    tool,
    available: false,
    engine: null,
    lookedFor: tool.execution.engines.map((e) => ({ engine: e.name, commands: e.commands, reason: 'not found on PATH' })),
    install: tool.execution.engines.map((e) => e.install),
  });
}

/** Bash Verification available (ShellCheck), Python Linter available (Ruff), the rest missing. */
export function toolList(): ToolStatus[] {
  return BUILTIN_TOOLS.map((t) =>
    t.id === 'bash-verification'
      ? availableTool(t.id)
      : t.id === 'python-linter'
        ? availableTool(t.id, { id: 'ruff', name: 'Ruff', version: '0.6.9', path: '/usr/bin/ruff' })
        : missingTool(t.id),
  );
}

export function project(overrides: Partial<ProjectSummary> = {}): ProjectSummary {
  return ProjectSummarySchema.parse({
    projectId: 'p-1',
    name: 'shell-scripts',
    source: '/home/user/shell-scripts',
    kind: 'folder',
    files: 12,
    bytes: 48_213,
    languages: [
      { id: 'bash', files: 9 },
      { id: 'python', files: 3 },
    ],
    suggestedTools: ['bash-verification', 'python-linter'],
    warnings: [],
    skipped: [],
    nonPortableNames: [],
    scannedAt: 1_700_000_000_000,
    ...overrides,
  });
}

export function record(overrides: Partial<JobRecord> = {}): JobRecord {
  return JobRecordSchema.parse({
    jobId: 'job-1',
    clientId: 'window:1',
    toolId: 'bash-verification',
    toolName: 'Bash Verification',
    project: { name: 'shell-scripts', source: '/home/user/shell-scripts', kind: 'folder' },
    priority: 'interactive',
    status: 'completed',
    engine: { id: 'shellcheck', name: 'ShellCheck', version: '0.10.0', path: '/usr/bin/shellcheck' },
    timeoutSec: 60,
    queuedAt: 1_700_000_000_000,
    startedAt: 1_700_000_000_500,
    finishedAt: 1_700_000_002_000,
    durationMs: 1500,
    exitCode: 0,
    signal: null,
    outputLines: 3,
    outputBytes: 120,
    truncated: false,
    filesProduced: [],
    diagnostics: { error: 0, warning: 0, info: 0 },
    peakMemoryBytes: null,
    protections: ['bubblewrap'],
    message: 'ShellCheck finished and found nothing to report.',
    systemError: null,
    rerunOf: null,
    ...overrides,
  });
}

export function view(rec: JobRecord, position: number | null = null, estimate: JobView['estimate'] = null): JobView {
  return { record: rec, position, estimate };
}

export function queue(overrides: Partial<QueueStatus> = {}): QueueStatus {
  return QueueStatusSchema.parse({ waiting: 0, running: 0, concurrency: 2, capacity: 100, paused: false, jobs: [], ...overrides });
}

export function lines(from: number, count: number, stream: OutputLine['stream'] = 'stdout', text = (seq: number) => `line ${seq}`): OutputLine[] {
  return Array.from({ length: count }, (_, i) => ({ seq: from + i, stream, text: text(from + i), ts: 1_700_000_000_000 + i }));
}

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return AppInfoSchema.parse({
    version: '0.1.0',
    platform: 'linux',
    arch: 'x64',
    dataDir: '/home/user/.config/Hapyy Desktop',
    cores: 2,
    protections: [
      { id: 'bubblewrap', label: 'Sandbox (bubblewrap)', active: true, detail: 'Tools see only their run folder.' },
      { id: 'cgroup-memory', label: 'Memory limit (cgroups)', active: false, detail: 'cgroup v1 memory root is not writable.' },
    ],
    notices: [],
    ...overrides,
  });
}

export function settingsState(overrides: Partial<SettingsState> = {}): SettingsState {
  return SettingsStateSchema.parse({ settings: DEFAULT_SETTINGS, problems: [], ...overrides });
}

/** Answers for every channel, as an idle app with nothing run yet would give them. */
export function defaultHandlers(): Handlers {
  return {
    'app:info': () => appInfo(),
    'tools:list': () => toolList(),
    'tools:rescan': () => toolList(),
    'examples:list': () => [],
    'examples:open': () => project({ kind: 'example', name: 'bash example', source: 'bash-basic' }),
    'projects:open': () => project({ source: '/home/user/dropped-project' }),
    'projects:pick': () => null,
    'projects:cancelScan': () => null,
    'projects:recent': () => [],
    'projects:reopen': ({ source }) => project({ source }),
    'jobs:submit': () => {
      throw new AppError('internal', 'jobs:submit has no fake answer in this test.');
    },
    'jobs:cancel': ({ jobId }) => record({ jobId, status: 'cancelled' }),
    'jobs:list': () => [],
    'jobs:get': ({ jobId }) => ({ record: record({ jobId }), output: [], lastSeq: 0, position: null }),
    'jobs:diagnostics': () => [],
    'jobs:rerun': ({ jobId }) => view(record({ jobId: `${jobId}-again`, status: 'queued', rerunOf: jobId }), 1),
    'jobs:delete': () => null,
    'history:clear': () => ({ removed: 0 }),
    'queue:status': () => queue(),
    'queue:pause': () => queue({ paused: true }),
    'queue:resume': () => queue({ paused: false }),
    'results:tree': () => ({ root: '/data/runs/job-1', nodes: [] }),
    'results:preview': ({ path }) => ({ path, size: 0, kind: 'text', text: '', truncated: false, language: null }),
    'results:export': () => null,
    'results:reveal': () => null,
    'settings:get': () => settingsState(),
    'settings:set': ({ settings }) => settingsState({ settings: settings as SettingsState['settings'] }),
    'settings:reset': () => settingsState(),
    'watch:start': ({ toolId }) => ({ watchId: 'watch-1', toolId, projectName: 'shell-scripts', source: '/home/user/shell-scripts', debounceMs: 300 }),
    'watch:stop': () => null,
    'jobs:compare': () => {
      throw new AppError('internal', 'jobs:compare has no fake answer in this test.');
    },
  };
}
