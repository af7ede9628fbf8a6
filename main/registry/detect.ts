import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ToolStatus } from '../../shared/contract';
import type { EngineDef, ToolDef } from '../../shared/tools';
import { findExplicit, findOnPath, hasPathSeparator } from './path-lookup';
import { probeVersion, type ProbeWrap, type VersionCache } from './probe';
import type { NodeRuntime, ResolvedEngine } from './types';

export interface DetectContext {
  /** PATH searched (process PATH, plus the login shell's on macOS). */
  searchPath: string;
  /** The process's own PATH: when the searched one differs, the engine gets it in its env. */
  processPath: string;
  platform: NodeJS.Platform;
  pathExt?: string;
  probeTimeoutMs: number;
  bundled: Record<string, string>;
  nodeRuntime: NodeRuntime;
  /** Version probes run inside it when given (settings.sandbox on and a sandbox on this machine). */
  probeWrap?: ProbeWrap | undefined;
  /** Version answers kept between processes, tied to the probed files as they are. */
  versionCache?: VersionCache | undefined;
  /** settings.enginePaths[tool.id] */
  explicitPath?: string;
}

export interface Detection {
  status: ToolStatus;
  resolved: ResolvedEngine | null;
}

type LookedFor = ToolStatus['lookedFor'][number];
type Attempt = { ok: true; resolved: ResolvedEngine } | { ok: false; reason: string };

const fileStem = (file: string, platform: NodeJS.Platform) => {
  const base = (platform === 'win32' ? path.win32 : path.posix).basename(file);
  return platform === 'win32' ? base.toLowerCase().replace(/\.(exe|cmd|bat|com)$/, '') : base;
};

/**
 * The engine a configured path belongs to: the executable engine one of whose command names is the file's name
 * (so `/opt/sc/shellcheck` is ShellCheck, not the Hapyy CLI), otherwise the tool's first executable engine.
 */
export function engineForExplicitPath(tool: ToolDef, file: string, platform: NodeJS.Platform): EngineDef | undefined {
  const executables = tool.execution.engines.filter((e) => e.kind === 'executable');
  const stem = fileStem(file, platform);
  return executables.find((e) => e.commands.some((c) => fileStem(c, platform) === stem)) ?? executables[0];
}

function executableEnv(ctx: DetectContext): Record<string, string> {
  return ctx.searchPath !== ctx.processPath ? { PATH: ctx.searchPath } : {};
}

/** Probes one found executable; custom tools (no version arguments) are taken as found. */
async function answer(tool: ToolDef, engine: EngineDef, file: string, ctx: DetectContext): Promise<Attempt> {
  const env = executableEnv(ctx);
  let version = 'custom';
  if (engine.versionArgs.length > 0) {
    const label = [fileStem(file, ctx.platform), ...engine.versionArgs].join(' ');
    const probe = await probeVersion(file, engine.versionArgs, {
      timeoutMs: ctx.probeTimeoutMs,
      label,
      env,
      platform: ctx.platform,
      wrap: ctx.probeWrap,
      cache: ctx.versionCache ? { store: ctx.versionCache } : undefined,
    });
    if (!probe.ok) return { ok: false, reason: `${file}: ${probe.reason}` };
    version = probe.version;
  }
  return {
    ok: true,
    resolved: {
      tool,
      engine,
      info: { id: engine.id, name: engine.name, version, path: file },
      command: file,
      argsPrefix: [],
      env,
    },
  };
}

async function tryExplicit(tool: ToolDef, engine: EngineDef, file: string, ctx: DetectContext): Promise<Attempt> {
  const p = ctx.platform === 'win32' ? path.win32 : path.posix;
  if (!p.isAbsolute(file)) return { ok: false, reason: `the configured path ${file} is not absolute` };
  const found = await findExplicit(file, { platform: ctx.platform, ...(ctx.pathExt ? { pathExt: ctx.pathExt } : {}) });
  if (!found) return { ok: false, reason: `${file} does not exist or is not executable` };
  return answer(tool, engine, found, ctx);
}

async function tryExecutable(tool: ToolDef, engine: EngineDef, ctx: DetectContext): Promise<Attempt> {
  const reasons: string[] = [];
  const notFound: string[] = [];
  for (const command of engine.commands) {
    // A custom tool may name an absolute path instead of a command.
    if (hasPathSeparator(command, ctx.platform)) {
      const r = await tryExplicit(tool, engine, command, ctx);
      if (r.ok) return r;
      reasons.push(r.reason);
      continue;
    }
    const found = await findOnPath(command, {
      pathEnv: ctx.searchPath,
      platform: ctx.platform,
      ...(ctx.pathExt ? { pathExt: ctx.pathExt } : {}),
    });
    if (!found) {
      notFound.push(command);
      continue;
    }
    const r = await answer(tool, engine, found, ctx);
    if (r.ok) return r;
    reasons.push(r.reason);
  }
  // The commands are listed next to the reason, so name them only when some of them were found.
  if (notFound.length > 0) reasons.push(reasons.length > 0 ? `${notFound.join(', ')}: not found on PATH` : 'not found on PATH');
  return { ok: false, reason: reasons.join('; ') };
}

async function tryBundled(tool: ToolDef, engine: EngineDef, ctx: DetectContext): Promise<Attempt> {
  const id = engine.commands[0] ?? '';
  const script = ctx.bundled[id];
  if (!script) return { ok: false, reason: `${id} is not bundled with this build` };
  try {
    if (!(await stat(script)).isFile()) throw new Error('not a file');
  } catch {
    return { ok: false, reason: `the bundled ${id} is missing (${script})` };
  }
  const { command, env } = ctx.nodeRuntime;
  const probe = await probeVersion(command, [script, ...engine.versionArgs], {
    timeoutMs: ctx.probeTimeoutMs,
    label: [id, ...engine.versionArgs].join(' '),
    env,
    platform: ctx.platform,
    wrap: ctx.probeWrap,
    cache: ctx.versionCache ? { store: ctx.versionCache, files: [command, script] } : undefined,
  });
  if (!probe.ok) return { ok: false, reason: probe.reason };
  return {
    ok: true,
    resolved: {
      tool,
      engine,
      info: { id: engine.id, name: engine.name, version: probe.version, path: script },
      command,
      argsPrefix: [script],
      env: { ...env },
    },
  };
}

/**
 * Finds the engine a tool runs with: the configured path first (see engineForExplicitPath), then every engine in
 * order. The first engine that answers its version probe wins; every engine tried before it is listed with the
 * reason it was not used, with its install hint.
 */
export async function detectTool(tool: ToolDef, ctx: DetectContext): Promise<Detection> {
  const lookedFor: LookedFor[] = [];
  const install: string[] = [];
  const failed = (engine: EngineDef, entry: LookedFor) => {
    lookedFor.push(entry);
    if (!install.includes(engine.install)) install.push(engine.install);
  };
  const done = (resolved: ResolvedEngine | null): Detection => ({
    status: { tool, available: resolved !== null, engine: resolved ? { ...resolved.info } : null, lookedFor, install },
    resolved,
  });

  if (ctx.explicitPath) {
    const engine = engineForExplicitPath(tool, ctx.explicitPath, ctx.platform);
    if (engine) {
      const r = await tryExplicit(tool, engine, ctx.explicitPath, ctx);
      if (r.ok) return done(r.resolved);
      failed(engine, { engine: `${engine.name} (configured path)`, commands: [ctx.explicitPath], reason: r.reason });
    }
  }
  for (const engine of tool.execution.engines) {
    const r = engine.kind === 'bundled-node' ? await tryBundled(tool, engine, ctx) : await tryExecutable(tool, engine, ctx);
    if (r.ok) return done(r.resolved);
    failed(engine, { engine: engine.name, commands: [...engine.commands], reason: r.reason });
  }
  return done(null);
}

/** The status of a tool before any scan. */
export function uncheckedStatus(tool: ToolDef): ToolStatus {
  return {
    tool,
    available: false,
    engine: null,
    lookedFor: tool.execution.engines.map((e) => ({ engine: e.name, commands: [...e.commands], reason: 'not checked yet' })),
    install: [...new Set(tool.execution.engines.map((e) => e.install))],
  };
}
