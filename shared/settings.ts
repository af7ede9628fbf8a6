import { z } from 'zod';

/**
 * All settings, one schema with defaults, shared by the app (Settings screen, settings.json) and the CLI (--config).
 * Every limit in the product is defined here once.
 */
const MB = 1024 * 1024;
const GB = 1024 * MB;
const int = (min: number, max: number) => z.number().int().min(min).max(max);

type NumberField = { schema: z.ZodNumber; default: number };

/** Run limits, each once: its bounds, its default, and why it exists. */
const RUN_LIMIT_FIELDS = {
  /** Lines kept in memory for display; the full log goes to disk. */
  outputLinesKept: { schema: int(100, 1_000_000), default: 10_000 },
  /** Bytes of output written to run.log before the run is stopped with `output-limit`. */
  logBytes: { schema: int(1024, 10 * GB), default: 50 * MB },
  /** Memory of the whole process tree before `memory-limit`. */
  memoryBytes: { schema: int(16 * MB, 256 * GB), default: 2 * GB },
  /** Processes the tool's tree may hold at once. */
  processes: { schema: int(1, 100_000), default: 512 },
  /** Largest single file the tool may write (RLIMIT_FSIZE where available). */
  fileWriteBytes: { schema: int(1024, 1024 * GB), default: 1 * GB },
  /**
   * Bytes the tool may add to its run folder in total (input, output, tmp, home), before `write-limit`: the file-size
   * limit alone lets a tool fill the disk with many files. Sampled by the runner; /tmp is a size-capped tmpfs anyway.
   */
  writeBytes: { schema: int(1 * MB, 1024 * GB), default: 2 * GB },
  /** Between SIGTERM and SIGKILL when a run is stopped. */
  graceMs: { schema: int(0, 60_000), default: 2000 },
} satisfies Record<string, NumberField>;

type Fields = typeof RUN_LIMIT_FIELDS;
const mapFields = <S extends z.ZodType>(f: (field: NumberField) => S) =>
  Object.fromEntries(Object.entries(RUN_LIMIT_FIELDS).map(([k, field]) => [k, f(field)])) as { [K in keyof Fields]: S };

export const RunLimitsSchema = z.object(mapFields((f) => f.schema.default(f.default))).strict();
/** A per-tool override: only the limits it names (no defaults filled in, so it never masks the global ones). */
export const RunLimitsOverrideSchema = z.object(mapFields((f) => f.schema.optional())).strict();
export type RunLimits = z.infer<typeof RunLimitsSchema>;

export const IntakeLimitsSchema = z
  .object({
    totalBytes: int(1, 1024 * GB).default(500 * MB),
    files: int(1, 10_000_000).default(20_000),
    fileBytes: int(1, 1024 * GB).default(50 * MB),
    depth: int(1, 4096).default(64),
    /** Leave out what the project's root .gitignore lists, as git and most engines would. */
    respectGitignore: z.boolean().default(true),
    /** Largest ratio of uncompressed to compressed size a zip entry may have (zip-bomb guard). */
    zipMaxRatio: int(1, 100_000).default(200),
  })
  .strict();
export type IntakeLimits = z.infer<typeof IntakeLimitsSchema>;

/** A watch's runs per rolling hour when queue.perWatchHourly is not set: one per 15 s on average. */
export const DEFAULT_PER_WATCH_HOURLY = 240;

export const QueueSettingsSchema = z
  .object({
    /** 0 = one slot per CPU core (os.availableParallelism()). */
    concurrency: int(0, 1024).default(0),
    /** Waiting jobs beyond which a submit is refused. */
    capacity: int(1, 100_000).default(100),
    /** Waiting plus running jobs per client (0 = off). */
    perClientActive: int(0, 100_000).default(5),
    /** Submits per client per rolling hour (0 = off). */
    perClientHourly: int(0, 1_000_000).default(20),
    /**
     * Runs per watch per rolling hour (0 = off). A watch's runs count here instead of in perClientHourly: a busy
     * edit session would spend a window's 20 in minutes, while this still stops a folder that never stops changing.
     * Unset: DEFAULT_PER_WATCH_HOURLY (optional, so settings written before it existed stay valid as they are).
     */
    perWatchHourly: int(0, 1_000_000).optional(),
  })
  .strict();
export type QueueSettings = z.infer<typeof QueueSettingsSchema>;

/** Keep finished runs for `days` and at most `runs` of them, whichever keeps less; 0 turns that measure off. */
export const RetentionSchema = z
  .object({
    days: int(0, 3650).default(7),
    runs: int(0, 100_000).default(200),
  })
  .strict();

export const WatchSettingsSchema = z
  .object({
    /** How long a folder must stay unchanged before a watch syncs and starts a run. */
    debounceMs: int(50, 60_000).default(300),
  })
  .strict();

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

/** The C++ standards a C++ engine may be told to use (`{cppStandard}` in its arguments); the default is C++17. */
export const CPP_STANDARDS = ['c++11', 'c++14', 'c++17', 'c++20', 'c++23'] as const;
export const DEFAULT_CPP_STANDARD = 'c++17';

export const ToolOverrideSchema = z
  .object({
    timeoutSec: int(1, 24 * 3600).optional(),
    /** For tools whose engine takes `{cppStandard}`: the C++ standard its sources are written in. */
    cppStandard: z.enum(CPP_STANDARDS).optional(),
    limits: RunLimitsOverrideSchema.optional(),
  })
  .strict();

/** A settings file, or a settings message, larger than this is refused whole (bounds every record within too). */
export const MAX_SETTINGS_BYTES = 4 * MB;
/** One custom tool entry, as JSON; the entry's own schema (CustomToolSchema) bounds each field far below this. */
export const MAX_CUSTOM_TOOL_BYTES = 16 * 1024;
const MAX_TOOL_ENTRIES = 500;

/** A record with a bounded number of entries (zod records have no size of their own). */
const boundedRecord = <V extends z.ZodType>(value: V, max: number) =>
  z.record(z.string().max(200), value).refine((r) => Object.keys(r).length <= max, `at most ${max} entries`);

/** Any JSON value no longer than `max` bytes when written out. */
const boundedJson = (max: number) =>
  z.unknown().refine((v) => {
    try {
      return (JSON.stringify(v) ?? '').length <= max;
    } catch {
      return false;
    }
  }, `at most ${max / 1024} KB`);

export const PoolSettingsSchema = z
  .object({
    /** redis://[:password@]host:port — shown back with the password masked. */
    url: z.string().max(2048).regex(/^rediss?:\/\//, 'A pool address starts with redis:// or rediss://').nullable().default(null),
  })
  .strict();
export type PoolSettings = z.infer<typeof PoolSettingsSchema>;

export const SettingsSchema = z
  .object({
    limits: RunLimitsSchema.default(RunLimitsSchema.parse({})),
    intake: IntakeLimitsSchema.default(IntakeLimitsSchema.parse({})),
    queue: QueueSettingsSchema.default(QueueSettingsSchema.parse({})),
    retention: RetentionSchema.default(RetentionSchema.parse({})),
    watch: WatchSettingsSchema.default(WatchSettingsSchema.parse({})),
    /** Per tool id: an explicit path to its engine's executable, looked at before PATH. */
    enginePaths: boundedRecord(z.string().max(4096), MAX_TOOL_ENTRIES).default({}),
    /** Per tool id: time limit (within the tool's maximum) and run limits. */
    tools: boundedRecord(ToolOverrideSchema, MAX_TOOL_ENTRIES).default({}),
    /** Custom tools, validated one by one (see CustomToolSchema) so one bad entry cannot hide the rest. */
    customTools: z.array(boundedJson(MAX_CUSTOM_TOOL_BYTES)).max(200).default([]),
    /** Use bubblewrap on Linux when it is installed. */
    sandbox: z.boolean().default(true),
    theme: ThemeSchema.default('system'),
    /** A shared pool of workers (BullMQ on Redis) to run jobs on; null: this machine. */
    pool: PoolSettingsSchema.default({ url: null }),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
