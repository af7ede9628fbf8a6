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
 */
export const CategorySchema = z.enum(CATEGORIES) satisfies z.ZodType<Category>;

export const LanguageIdSchema = z.enum(LANGUAGE_IDS);

export const DiagnosticsFormatSchema = z.enum(['none', 'shellcheck-json1', 'ruff-json', 'pyflakes', 'tsc', 'hapyy-jsonl']);
export type DiagnosticsFormat = z.infer<typeof DiagnosticsFormatSchema>;

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
  /** How the exit code reads: `problems` means a non-zero exit says the tool found problems (linters). */
  diagnostics: DiagnosticsFormatSchema,
  /** Environment variables the engine needs beyond the runner's allow-list. */
  env: z.array(z.string()).default([]),
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

const hapyy = (command: string, diagnostics: DiagnosticsFormat = 'hapyy-jsonl'): EngineDef => ({
  id: 'hapyy',
  name: 'Hapyy CLI',
  kind: 'executable',
  commands: [command],
  argVariants: [{ args: ['--input', '{input}'] }],
  versionArgs: ['--version'],
  diagnostics,
  env: [],
  install: `Install the Hapyy CLI so that \`${command}\` is on your PATH, or set its path in Settings → Engines.`,
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
    engines: [hapyy('hupyy-cpp2c')],
  }),
  tool({
    id: 'cpp-to-rust-transpiler',
    name: 'C++ to Rust Transpiler',
    description: 'Translates C++ sources into safe Rust.',
    category: 'transpiler',
    sourceLanguage: 'cpp',
    targetLanguage: 'rust',
    timeoutSec: 60,
    engines: [hapyy('hupyy-cpp2rust')],
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
    engines: [hapyy('hupyy-rust-verify')],
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
      {
        id: 'ruff',
        name: 'Ruff',
        kind: 'executable',
        commands: ['ruff'],
        argVariants: [{ args: ['check', '--output-format', 'json', '--no-cache', '--exit-non-zero-on-fix', '{input}'] }],
        versionArgs: ['--version'],
        diagnostics: 'ruff-json',
        env: [],
        install: 'Install Ruff (`pipx install ruff`, `brew install ruff`, or `apt install ruff`).',
      },
      {
        id: 'pyflakes',
        name: 'Pyflakes',
        kind: 'executable',
        commands: ['pyflakes', 'pyflakes3'],
        argVariants: [{ args: ['{input}'] }],
        versionArgs: ['--version'],
        diagnostics: 'pyflakes',
        env: [],
        install: 'Install Pyflakes (`pipx install pyflakes` or `apt install pyflakes3`).',
      },
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
      {
        id: 'tsc',
        name: 'TypeScript compiler (bundled)',
        kind: 'bundled-node',
        commands: ['tsc'],
        argVariants: [
          { whenFileExists: 'tsconfig.json', args: ['--noEmit', '--pretty', 'false', '-p', '{input}'] },
          { args: ['--noEmit', '--pretty', 'false', '--strict', '--skipLibCheck', '{files:.ts,.tsx,.mts,.cts}'] },
        ],
        versionArgs: ['--version'],
        diagnostics: 'tsc',
        env: [],
        install: 'The TypeScript compiler ships with Hapyy; if it is missing, reinstall the app.',
      },
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
      {
        id: 'shellcheck',
        name: 'ShellCheck',
        kind: 'executable',
        commands: ['shellcheck'],
        argVariants: [{ args: ['-f', 'json1', '-x', '{files:.sh,.bash}'] }],
        versionArgs: ['--version'],
        diagnostics: 'shellcheck-json1',
        env: [],
        install: 'Install ShellCheck (`apt install shellcheck`, `brew install shellcheck`, or `winget install koalaman.shellcheck`).',
      },
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
          diagnostics: 'none',
          env: [],
          install: `Check that \`${c.command}\` exists, or fix the custom tool in Settings → Custom tools.`,
        },
      ],
      defaultTimeoutSec: c.timeoutSec,
      maxTimeoutSec: c.timeoutSec,
    },
  };
}
