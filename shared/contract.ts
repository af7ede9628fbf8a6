import { z } from 'zod';
import { CompareOpenedSchema, COMPARE_PAGE_SIZE, FileDiffSchema, FilePageSchema, ProblemPageSchema, ProblemStateSchema } from './compare';
import { DiagnosticSchema } from './wire/diagnostics';
import { EngineInfoSchema, JobRecordSchema, JobViewSchema, OutputLineSchema, PrioritySchema, QueueStatusSchema } from './wire/jobs';
import { ExampleSchema, ProjectSummarySchema, RecentProjectSchema, ScanProgressSchema } from './projects';
import { FileNodeSchema, PreviewSchema } from './results';
import { SettingsSchema } from './settings';
import { CustomToolSchema, ToolDefSchema } from './tools';
import { WatchEventSchema, WatchInfoSchema } from './watch';
import { DROP_TOKEN_CHANNEL } from './preload-channels';

/**
 * The one IPC contract. Every request/response channel and every main→renderer event is declared here, once.
 * Types are inferred; the preload derives `window.hapyy` from the channel names (`jobs:submit` → `hapyy.jobs.submit`);
 * the router in main parses every request with these schemas before a handler sees it.
 *
 * Requests are strict objects (unknown keys rejected) with bounded strings and arrays.
 */
const Id = z.string().min(1).max(128);
const PageOffset = z.number().int().min(0);
const PageLimit = z.number().int().min(1).max(COMPARE_PAGE_SIZE).optional();
const AbsPath = z.string().min(1).max(4096);
const RelPath = z.string().min(1).max(4096);
/** An opaque one-use token for a path the user dropped (main/ipc/path-tokens.ts); never a path itself. */
const PathToken = z.string().min(1).max(128);
const Empty = z.object({}).strict();
const req = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

export const ToolStatusSchema = z.object({
  tool: ToolDefSchema,
  available: z.boolean(),
  engine: EngineInfoSchema.nullable(),
  /** One entry per engine tried, in order: what was looked for and why it was not used. */
  lookedFor: z.array(z.object({ engine: z.string(), commands: z.array(z.string()), reason: z.string() })),
  install: z.array(z.string()),
});
export type ToolStatus = z.infer<typeof ToolStatusSchema>;

export const ProtectionSchema = z.object({
  id: z.string(),
  label: z.string(),
  active: z.boolean(),
  detail: z.string(),
});
export type Protection = z.infer<typeof ProtectionSchema>;

export const NoticeSchema = z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() });
export type Notice = z.infer<typeof NoticeSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  dataDir: z.string(),
  cores: z.number().int().positive(),
  protections: z.array(ProtectionSchema),
  notices: z.array(NoticeSchema),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const SettingsProblemSchema = z.object({ field: z.string(), message: z.string() });
export const SettingsStateSchema = z.object({
  settings: SettingsSchema,
  problems: z.array(SettingsProblemSchema),
});
export type SettingsState = z.infer<typeof SettingsStateSchema>;

export const JobDetailSchema = z.object({
  record: JobRecordSchema,
  /** The last lines kept in memory (or read back from run.log for finished jobs), in order. */
  output: z.array(OutputLineSchema),
  /** Sequence number of the last line so far; live `job:output` events continue from here. */
  lastSeq: z.number().int().min(0),
  position: z.number().int().positive().nullable(),
});
export type JobDetail = z.infer<typeof JobDetailSchema>;

/**
 * Settings as a window sends them: each custom tool parsed with its own schema here, at the boundary (a settings
 * file keeps a bad entry aside instead, so one typo cannot hide the rest; a message with one is refused).
 */
const SettingsRequestSchema = SettingsSchema.extend({ customTools: z.array(z.unknown().pipe(CustomToolSchema)).max(200).default([]) });

const channel = <Q extends z.ZodType, R extends z.ZodType>(request: Q, response: R) => ({ request, response });

export const CHANNELS = {
  'app:info': channel(Empty, AppInfoSchema),

  'tools:list': channel(Empty, z.array(ToolStatusSchema)),
  'tools:rescan': channel(Empty, z.array(ToolStatusSchema)),

  'examples:list': channel(req({ toolId: Id.optional() }), z.array(ExampleSchema)),
  'examples:open': channel(req({ exampleId: Id, scanId: Id.optional() }), ProjectSummarySchema),

  /**
   * Opens what the user dropped, by the token the preload got for it (DROP_TOKEN_CHANNEL). The page never sends a path
   * main would open: a picked one stays in main (`projects:pick`), a recent one must be on main's own list.
   */
  'projects:open': channel(req({ token: PathToken, scanId: Id.optional() }), ProjectSummarySchema),
  'projects:pick': channel(req({ scanId: Id.optional() }), ProjectSummarySchema.nullable()),
  'projects:cancelScan': channel(req({ scanId: Id }), z.null()),
  'projects:recent': channel(Empty, z.array(RecentProjectSchema)),
  /** Opens one of `projects:recent` again, named by its source; anything not on that list is refused. */
  'projects:reopen': channel(req({ source: AbsPath, scanId: Id.optional() }), ProjectSummarySchema),

  'jobs:submit': channel(
    req({ projectId: Id, toolId: Id, priority: PrioritySchema.optional(), timeoutSec: z.number().int().min(1).max(86_400).optional() }),
    JobViewSchema,
  ),
  'jobs:cancel': channel(req({ jobId: Id }), JobRecordSchema),
  'jobs:list': channel(Empty, z.array(JobRecordSchema)),
  'jobs:get': channel(req({ jobId: Id }), JobDetailSchema),
  'jobs:diagnostics': channel(req({ jobId: Id }), z.array(DiagnosticSchema)),
  'jobs:rerun': channel(req({ jobId: Id }), JobViewSchema),
  'jobs:delete': channel(req({ jobId: Id }), z.null()),
  'history:clear': channel(Empty, z.object({ removed: z.number().int().min(0) })),

  'queue:status': channel(Empty, QueueStatusSchema),
  'queue:pause': channel(Empty, QueueStatusSchema),
  'queue:resume': channel(Empty, QueueStatusSchema),

  'results:tree': channel(req({ jobId: Id }), z.object({ root: z.string(), nodes: z.array(FileNodeSchema) })),
  'results:preview': channel(req({ jobId: Id, path: RelPath }), PreviewSchema),
  'results:export': channel(req({ jobId: Id }), z.object({ path: z.string(), entries: z.number().int() }).nullable()),
  'results:reveal': channel(req({ jobId: Id, path: RelPath.optional() }), z.null()),

  'settings:get': channel(Empty, SettingsStateSchema),
  'settings:set': channel(req({ settings: SettingsRequestSchema }), SettingsStateSchema),
  'settings:reset': channel(Empty, SettingsStateSchema),

  /** What run `b` fixed and broke since run `a` (both finished, both visible to the caller). */
  'jobs:compare': channel(req({ a: Id, b: Id }), CompareOpenedSchema),
  /** Further pages of a compare `jobs:compare` opened (it is held for a while; an old one answers `not-found`). */
  'compare:problems': channel(req({ compareId: Id, state: ProblemStateSchema, offset: PageOffset, limit: PageLimit }), ProblemPageSchema),
  'compare:files': channel(req({ compareId: Id, offset: PageOffset, limit: PageLimit }), FilePageSchema),
  /** One changed file's unified diff, computed when it is opened. */
  'compare:diff': channel(req({ compareId: Id, path: RelPath }), FileDiffSchema),

  /** Watch the open project (a folder) and run the tool after each settled burst of changes; `watch:event` follows it. */
  'watch:start': channel(req({ projectId: Id, toolId: Id }), WatchInfoSchema),
  'watch:stop': channel(req({ watchId: Id }), z.null()),
} as const;

/**
 * Channels the preload calls itself; they are not on `window.hapyy`, and the router serves them apart
 * (Router.handlePreload), so nothing the page can call reaches them.
 */
export const PRELOAD_CHANNELS = {
  [DROP_TOKEN_CHANNEL]: channel(req({ path: AbsPath }), PathToken),
} as const;

export const EVENTS = {
  'job:queued': JobViewSchema,
  'job:started': JobViewSchema,
  'job:output': z.object({ jobId: z.string(), lines: z.array(OutputLineSchema) }),
  'job:finished': JobRecordSchema,
  'queue:status': QueueStatusSchema,
  'tools:changed': z.array(ToolStatusSchema),
  'scan:progress': ScanProgressSchema,
  'watch:event': WatchEventSchema,
  'app:notice': NoticeSchema,
  /** Settings changed (from any window, or reset): what depends on them (protections, theme) is read again. */
  'settings:changed': SettingsStateSchema,
} as const;

export type Channels = typeof CHANNELS;
export type ChannelName = keyof Channels;
export type ChannelRequest<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.infer<Channels[C]['response']>;
export type PreloadChannels = typeof PRELOAD_CHANNELS;
export type PreloadChannelName = keyof PreloadChannels;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;

export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];
export const PRELOAD_CHANNEL_NAMES = Object.keys(PRELOAD_CHANNELS) as PreloadChannelName[];

export { eventChannel } from './event-channel';
