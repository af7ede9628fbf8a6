import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { z } from 'zod';

/** Loading and checking electron-builder.yml the way electron-builder does, without running it. */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BUILDER_CONFIG_PATH = join(REPO_ROOT, 'electron-builder.yml');

const require = createRequire(import.meta.url);
// js-yaml is what electron-builder itself reads YAML configs with (a dependency of app-builder-lib); it ships no types.
const yaml = require('js-yaml') as { load(text: string): unknown };

export function parseBuilderYaml(text: string): unknown {
  return yaml.load(text);
}

export function loadBuilderConfig(path: string = BUILDER_CONFIG_PATH): unknown {
  return parseBuilderYaml(readFileSync(path, 'utf8'));
}

// electron-builder's configuration schema (draft-07), shipped in app-builder-lib.
const schema: unknown = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
// strict: false as electron-builder does (the schema uses non-standard keywords); unlike it, no coerceTypes,
// so "false" where a boolean belongs is an error here rather than silently accepted.
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(schema as object);

/** Schema violations as `<path> <message>` lines; empty when the config is valid. */
export function schemaErrors(config: unknown): string[] {
  if (validate(config)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/** The parts of the config the packaging tests read, typed. Everything else passes through. */
const Patterns = z.union([z.string(), z.array(z.string())]).transform((p) => (Array.isArray(p) ? p : [p]));
const FileSetSchema = z.object({ from: z.string(), to: z.string(), filter: Patterns.optional() });
const TargetSchema = z.object({ target: z.string(), arch: z.array(z.string()).optional() });
const PlatformSchema = z.looseObject({ target: z.array(TargetSchema), icon: z.string().optional() });

export const BuilderConfigSchema = z.looseObject({
  appId: z.string(),
  productName: z.string(),
  asar: z.boolean(),
  directories: z.object({ output: z.string(), buildResources: z.string() }),
  files: z.array(z.string()),
  extraResources: z.array(FileSetSchema),
  mac: PlatformSchema.extend({ hardenedRuntime: z.boolean().optional() }),
  win: PlatformSchema,
  nsis: z.looseObject({ oneClick: z.boolean(), perMachine: z.boolean(), allowToChangeInstallationDirectory: z.boolean() }),
  linux: PlatformSchema.extend({ category: z.string().optional() }),
  deb: z.looseObject({ recommends: z.array(z.string()).optional() }),
  electronFuses: z.record(z.string(), z.boolean()).optional(),
});
export type BuilderConfig = z.infer<typeof BuilderConfigSchema>;
export type ExtraResource = z.infer<typeof FileSetSchema>;

export function readBuilderConfig(path: string = BUILDER_CONFIG_PATH): BuilderConfig {
  return BuilderConfigSchema.parse(loadBuilderConfig(path));
}
