import { z } from 'zod';
import { CATEGORIES, type Category } from './categories';
import { LANGUAGE_IDS } from './languages';

export { CATEGORY_LABELS, type Category } from './categories';

/**
 * The catalogue: every built-in tool, once. Main, the CLI and the renderer all read it from here.
 *
 * Argument templates are arrays (never a shell string). Placeholders:
 *   {input}            the run's private copy of the project (absolute)
 *   {output}           the run's output folder (absolute)
 *   {files:.a,.b}      every file in the input with one of these extensions, as separate arguments (relative to {input})
 *   {report}           a file in the run's tmp/ (not output/) for the engine's findings report; when the
 *                      arguments name it, findings are read from that file instead of the engine's streams
 *   {files:.a;shebang=sh,bash}  the same, plus any other file whose `#!` line runs one of these programs
 *   {cppStandard}      the tool's C++ standard setting (`c++17` unless set in Settings → Tools)
 */
export const CategorySchema = z.enum(CATEGORIES) satisfies z.ZodType<Category>;

export const LanguageIdSchema = z.enum(LANGUAGE_IDS);

/**
 * How an engine reports findings. `clang`: `file:line:col: severity: message` lines (clang, gcc, cpptoc, many
 * custom tools); `sarif`: SARIF 2.1.0; `rust-fv-json`: `cargo-verify verify --output-format json`; `none`: plain
 * text, nothing parsed (the exit code alone decides).
 */
export const DiagnosticsFormatSchema = z.enum(['none', 'shellcheck-json1', 'ruff-json', 'pyflakes', 'tsc', 'clang', 'sarif', 'rust-fv-json']);
export type DiagnosticsFormat = z.infer<typeof DiagnosticsFormatSchema>;
/** Which of the engine's streams carry its findings (when its arguments do not name a {report} file). */
export const DiagnosticsStreamSchema = z.enum(['stdout', 'stderr', 'both']);
export type DiagnosticsStream = z.infer<typeof DiagnosticsStreamSchema>;

export const ArgVariantSchema = z.object({
  /** Use these arguments when this file exists at the input's root; the last variant has no condition. */
  whenFileExists: z.string().optional(),
  args: z.array(z.string()),
});

export const EngineDefSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `executable`: a program looked up in the configured path, then PATH. `bundled-node`: a script shipped with the app, run with Node. */
  kind: z.enum(['executable', 'bundled-node']),
  /** Executable names to look for (first found wins), or for bundled-node the bundled resource id. */
  commands: z.array(z.string()).min(1),
  argVariants: z.array(ArgVariantSchema).min(1),
  versionArgs: z.array(z.string()),
  diagnostics: DiagnosticsFormatSchema,
  diagnosticsFrom: DiagnosticsStreamSchema.default('stdout'),
  /**
   * Non-zero exit codes that mean "ran and found problems". Any other non-zero code, a signal or a crash banner is
   * the engine failing, whatever it printed (ShellCheck 2 = a file could not be read; cpptoc 1 = usage error).
   */
  problemExitCodes: z.array(z.number().int()).default([1]),
  /** A transpiler: success needs at least one produced file that is not empty. */
  requireOutput: z.boolean().default(false),
  /** Run in the shallowest folder of the input holding this file (rust-fv runs in the crate, found by Cargo.toml). */
  workDirWith: z.string().optional(),
  /** Environment variables the engine needs beyond the runner's allow-list. */
  env: z.array(z.string()).default([]),
  /**
   * Lines of this engine's stdout that are debug chatter (regular expression sources): the console hides them by
   * default, with a switch to show them; run.log always keeps every line.
   */
  chatter: z.array(z.string().max(200)).max(10).default([]),
  install: z.string(),
});
export type EngineDef = z.infer<typeof EngineDefSchema>;

export const ToolExecutionConfigSchema = z.object({
  engines: z.array(EngineDefSchema).min(1),
  defaultTimeoutSec: z.number().int().positive(),
  maxTimeoutSec: z.number().int().positive(),
});
export type ToolExecutionConfig = z.infer<typeof ToolExecutionConfigSchema>;

export const ToolDefSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: CategorySchema,
  sourceLanguage: LanguageIdSchema,
  targetLanguage: LanguageIdSchema.optional(),
  custom: z.boolean().default(false),
  execution: ToolExecutionConfigSchema,
});
export type ToolDef = z.infer<typeof ToolDefSchema>;

/**
 * The Hapyy wrapper convention (README, "The Hapyy CLI contract"): `hupyy-<x> --input <dir>`, run in that folder;
 * status is the exit code (0 clean, 1 problems, anything else the engine failed); findings are read from
 * clang-style lines on either stream, everything else is plain text.
 */
const hapyy = (command: string, opts: { requireOutput?: boolean } = {}): EngineDef => ({
  id: 'hapyy',
  name: 'Hapyy CLI',
  kind: 'executable',
  commands: [command],
  argVariants: [{ args: ['--input', '{input}'] }],
  versionArgs: ['--version'],
  diagnostics: 'clang',
  diagnosticsFrom: 'both',
  problemExitCodes: [1],
  requireOutput: opts.requireOutput ?? false,
  env: [],
  chatter: [],
  install: `Install the Hapyy CLI so that \`${command}\` is on your PATH, or set its path in Settings → Engines.`,
});

const engine = (e: Omit<EngineDef, 'diagnosticsFrom' | 'problemExitCodes' | 'requireOutput' | 'env' | 'chatter'> & Partial<EngineDef>): EngineDef => ({
  diagnosticsFrom: 'stdout',
  problemExitCodes: [1],
  requireOutput: false,
  env: [],
  chatter: [],
  ...e,
});

const tool = (
  t: Omit<ToolDef, 'custom' | 'execution'> & { timeoutSec: number; engines: EngineDef[] },
): ToolDef => ({
  id: t.id,
  name: t.name,
  description: t.description,
  category: t.category,
  sourceLanguage: t.sourceLanguage,
  ...(t.targetLanguage ? { targetLanguage: t.targetLanguage } : {}),
  custom: false,
  execution: { engines: t.engines, defaultTimeoutSec: t.timeoutSec, maxTimeoutSec: t.timeoutSec * 10 },
});

export const BUILTIN_TOOLS: readonly ToolDef[] = [
  tool({
    id: 'cpp-to-c-transpiler',
    name: 'C++ to C Transpiler',
    description: 'Translates C++ sources into portable C.',
    category: 'transpiler',
    sourceLanguage: 'cpp',
    targetLanguage: 'c',
    timeoutSec: 60,
    engines: [
      hapyy('hupyy-cpp2c', { requireOutput: true }),
      // o2alexanderfedin/cpp-to-c-transpiler. Exit 0 even when clang reported errors (they are clang-style lines on
      // stderr; stdout is debug chatter), 1 for usage or no sources, 139 when it crashed. `--version` prints the
      // version of the LLVM it was built with, not its own.
      engine({
        id: 'cpptoc',
        name: 'cpptoc',
        kind: 'executable',
        commands: ['cpptoc'],
        // The C++ standard is the tool's setting (Settings → Tools), C++17 unless set.
        argVariants: [{ args: ['--source-dir={input}', '--output-dir={output}', '--', '-std={cppStandard}'] }],
        versionArgs: ['--version'],
        diagnostics: 'clang',
        diagnosticsFrom: 'stderr',
        problemExitCodes: [],
        requireOutput: true,
        // Its stdout, as captured from the real cpptoc (tests/fixtures/captured/cpptoc): hundreds of lines per file
        // tagged `[DEBUG]`, `[NamespaceHandler]`, `[PathMapper::getOrCreateTU]`…, JSON trace objects
        // (`{"event":"create_CTU",…}`), and indented `Input:`/`Rel:`/`Output:` and `- ASTContext @ 0x…` details. Its
        // own summary lines ("Discovered 2 file(s)", "Generated files:", "Transpilation completed…") stay visible.
        chatter: ['^\\[[^\\]]+\\]', '^\\s*\\{', '^ {2}(?:Input|Rel|Output): ', '^ {2}- (?:ASTContext|Target Triple|Language|Source dir|Output dir)\\b'],
        install: 'Build cpptoc (github.com/o2alexanderfedin/cpp-to-c-transpiler) and put it on your PATH, or set its path in Settings → Engines.',
      }),
    ],
  }),
  tool({
    id: 'cpp-to-rust-transpiler',
    name: 'C++ to Rust Transpiler',
    description: 'Translates C++ sources into safe Rust.',
    category: 'transpiler',
    sourceLanguage: 'cpp',
    targetLanguage: 'rust',
    timeoutSec: 60,
    engines: [hapyy('hupyy-cpp2rust', { requireOutput: true })],
  }),
  tool({
    id: 'csharp-verification',
    name: 'C# Verification',
    description: 'Checks C# code against its contracts.',
    category: 'verification',
    sourceLanguage: 'csharp',
    timeoutSec: 180,
    engines: [hapyy('hupyy-csharp-verify')],
  }),
  tool({
    id: 'java-verification',
    name: 'Java Verification',
    description: 'Checks Java code against its contracts.',
    category: 'verification',
    sourceLanguage: 'java',
    timeoutSec: 120,
    engines: [hapyy('hupyy-java-verify')],
  }),
  tool({
    id: 'rust-verification',
    name: 'Rust Verification',
    description: 'Checks Rust code against its contracts.',
    category: 'verification',
    sourceLanguage: 'rust',
    timeoutSec: 180,
    engines: [
      hapyy('hupyy-rust-verify'),
      // o2alexanderfedin/rust-fv: one JSON report on stdout, human text on stderr; every non-zero exit is 1.
      engine({
        id: 'rust-fv',
        name: 'rust-fv (cargo-verify)',
        kind: 'executable',
        commands: ['cargo-verify'],
        argVariants: [{ args: ['verify', '--output-format', 'json'] }],
        versionArgs: ['--version'],
        diagnostics: 'rust-fv-json',
        workDirWith: 'Cargo.toml',
        install: 'Install rust-fv (github.com/o2alexanderfedin/rust-fv; needs nightly Rust and Z3) so that `cargo-verify` is on your PATH.',
      }),
    ],
  }),
  tool({
    id: 'python-linter',
    name: 'Python Linter',
    description: 'Finds bugs and style problems in Python code.',
    category: 'linter',
    sourceLanguage: 'python',
    timeoutSec: 60,
    engines: [
      hapyy('hupyy-python-lint'),
      // The report goes to a file: a big project's report (tens of MB) stays out of run.log and its limits.
      engine({
        id: 'ruff',
        name: 'Ruff',
        kind: 'executable',
        commands: ['ruff'],
        // `.` (cwd = input), as a user runs it in place; the report goes to a file so its size never meets run.log's limits.
        argVariants: [{ args: ['check', '--output-format', 'json', '--output-file', '{report}', '--no-cache', '--exit-non-zero-on-fix', '.'] }],
        versionArgs: ['--version'],
        diagnostics: 'ruff-json',
        install: 'Install Ruff (`pipx install ruff`, `brew install ruff`, or `apt install ruff`).',
      }),
      // Findings on stdout, syntax and decoding errors on stderr; a Python traceback there is a crash.
      engine({
        id: 'pyflakes',
        name: 'Pyflakes',
        kind: 'executable',
        commands: ['pyflakes', 'pyflakes3'],
        argVariants: [{ args: ['.'] }],
        versionArgs: ['--version'],
        diagnostics: 'pyflakes',
        diagnosticsFrom: 'both',
        install: 'Install Pyflakes (`pipx install pyflakes` or `apt install pyflakes3`).',
      }),
    ],
  }),
  tool({
    id: 'typescript-linter',
    name: 'TypeScript Linter',
    description: 'Type-checks TypeScript code and reports errors.',
    category: 'linter',
    sourceLanguage: 'typescript',
    timeoutSec: 60,
    engines: [
      hapyy('hupyy-typescript-lint'),
      // Exit 1 or 2: diagnostics reported (outputs skipped or not); 3 and up: the project could not be read.
      engine({
        id: 'tsc',
        name: 'TypeScript compiler (bundled)',
        kind: 'bundled-node',
        commands: ['tsc'],
        argVariants: [
          { whenFileExists: 'tsconfig.json', args: ['--noEmit', '--pretty', 'false', '-p', '{input}'] },
          // No tsconfig: what `tsc --init` and today's code assume (ES2022, ES modules resolved as a bundler would:
          // extensionless imports and package `exports`), not tsc's own ES5/CommonJS defaults, which flood modern code
          // with TS2583/TS2550 (zod: 200+ of them, 0 with these).
          {
            args: [
              '--noEmit', '--pretty', 'false', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler',
              '--strict', '--skipLibCheck', '{files:.ts,.tsx,.mts,.cts}',
            ],
          },
        ],
        versionArgs: ['--version'],
        diagnostics: 'tsc',
        problemExitCodes: [1, 2],
        install: 'The TypeScript compiler ships with Hapyy; if it is missing, reinstall the app.',
      }),
    ],
  }),
  tool({
    id: 'bash-verification',
    name: 'Bash Verification',
    description: 'Finds quoting, portability and logic bugs in shell scripts.',
    category: 'verification',
    sourceLanguage: 'bash',
    timeoutSec: 60,
    engines: [
      hapyy('hupyy-bash-verify'),
      // Exit 1: findings; 2: some files could not be processed; 3, 4: bad syntax or options.
      engine({
        id: 'shellcheck',
        name: 'ShellCheck',
        kind: 'executable',
        commands: ['shellcheck'],
        // Scripts are often named without an extension (bash-completion, /usr/bin): the shebang says what they are.
        argVariants: [{ args: ['-f', 'json1', '-x', '{files:.sh,.bash;shebang=sh,bash,dash,ksh}'] }],
        versionArgs: ['--version'],
        diagnostics: 'shellcheck-json1',
        install: 'Install ShellCheck (`apt install shellcheck`, `brew install shellcheck`, or `winget install koalaman.shellcheck`).',
      }),
    ],
  }),
];

/** A tool the user adds in Settings. Stored as JSON, validated entry by entry. */
export const CustomToolSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use 2–63 lower-case letters, digits and dashes')
      .refine((id) => !BUILTIN_TOOLS.some((t) => t.id === id), 'this id belongs to a built-in tool'),
    name: z.string().min(1).max(80),
    description: z.string().max(200).default(''),
    category: CategorySchema,
    sourceLanguage: LanguageIdSchema,
    command: z.string().min(1).max(4096),
    args: z.array(z.string().max(4096)).max(64).default(['{input}']),
    timeoutSec: z.number().int().min(1).max(24 * 3600).default(60),
    /** How its findings are read: not at all, clang-style lines on either stream, or SARIF (stdout or a {report} file). */
    diagnostics: z.enum(['none', 'clang', 'sarif']).default('none'),
    /** Exit codes other than 0 that mean "found problems"; any other is the tool failing. */
    problemExitCodes: z.array(z.number().int().min(1).max(255)).max(32).default([1]),
    /** Success needs a produced file that is not empty (default: for transpilers). */
    requireOutput: z.boolean().optional(),
  })
  .strict();
export type CustomTool = z.infer<typeof CustomToolSchema>;

export function customToolToDef(c: CustomTool): ToolDef {
  return {
    id: c.id,
    name: c.name,
    description: c.description || `Custom tool: ${c.command}`,
    category: c.category,
    sourceLanguage: c.sourceLanguage,
    custom: true,
    execution: {
      engines: [
        {
          id: 'custom',
          name: c.name,
          kind: 'executable',
          commands: [c.command],
          argVariants: [{ args: c.args }],
          versionArgs: [],
          diagnostics: c.diagnostics,
          diagnosticsFrom: c.diagnostics === 'sarif' ? 'stdout' : 'both',
          problemExitCodes: c.problemExitCodes,
          requireOutput: c.requireOutput ?? c.category === 'transpiler',
          env: [],
          chatter: [],
          install: `Check that \`${c.command}\` exists, or fix the custom tool in Settings → Custom tools.`,
        },
      ],
      defaultTimeoutSec: c.timeoutSec,
      maxTimeoutSec: c.timeoutSec,
    },
  };
}
