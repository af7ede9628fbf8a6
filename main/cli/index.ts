import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { devLayout, resolveResources, type ResourceLayout } from '../resources';
import type { Engine } from '../services/engine';
import { parseCli, USAGE, type CliArgs } from './args';
import { defaultDataDir } from './data-dir';
import { EXIT, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { packageVersion } from '../resources/version';

export { USAGE } from './args';

export interface CliContext {
  io: CliIo;
  /** Aborted on Ctrl-C or SIGTERM: every run is cancelled and every process tree ended. */
  signal: AbortSignal;
  /** One invocation is one client of the queue (per-client limits); default `cli:<pid>`. */
  clientId?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  layout?: ResourceLayout;
}

/** The `hapyy` command: the same engine as the app, without a window. Returns the exit code. */
export async function main(argv: string[], ctx: CliContext): Promise<ExitCode> {
  const layout = ctx.layout ?? devLayout();
  const parsed = parseCli(argv);
  switch (parsed.kind) {
    case 'help':
      ctx.io.stdout(USAGE);
      return EXIT.ok;
    case 'version':
      ctx.io.stdout(`${packageVersion(layout.appRoot)}\n`);
      return EXIT.ok;
    case 'usage':
      ctx.io.stderr(`hapyy: ${parsed.message}\n\n${USAGE}`);
      return EXIT.usage;
    case 'command':
      return command(parsed.args, ctx, layout);
  }
}

async function command(args: CliArgs, ctx: CliContext, layout: ResourceLayout): Promise<ExitCode> {
  const cwd = ctx.cwd ?? process.cwd();
  // Loaded on demand: the engine takes about half a second to load, which help and usage errors need not wait for.
  const { examplesCommand, historyCommand, toolsCommand } = await import('./listings');
  if (args.command === 'examples') {
    return examplesCommand(resolveResources(layout).examplesDir, ctx.io, args.positionals[0], args.json, cwd);
  }
  const [{ createEngine }, { readConfig }, { runCommand }] = await Promise.all([import('../services/engine'), import('./config'), import('./run')]);
  let engine: Engine | null = null;
  try {
    const settings = args.config !== undefined ? await readConfig(resolve(cwd, args.config)) : undefined;
    engine = await createEngine({
      dataDir: resolve(cwd, args.dataDir ?? defaultDataDir(ctx.env)),
      runtime: layout,
      ...(settings ? { settings } : {}),
    });
    for (const notice of engine.notices) ctx.io.stderr(`hapyy: ${notice.message}\n`);
    switch (args.command) {
      case 'tools':
        return await toolsCommand(engine, ctx.io, args.json);
      case 'history':
        return historyCommand(engine, ctx.io, args.json);
      case 'compare': {
        const { compareCommand } = await import('./compare');
        return await compareCommand(engine, ctx.io, args.positionals[0] as string, args.positionals[1] as string, args.json);
      }
      case 'watch': {
        const { watchCommand } = await import('./watch');
        const [toolId, path] = args.positionals as [string, string];
        return await watchCommand(engine, ctx.io, { toolId, path: resolve(cwd, path), json: args.json, clientId: ctx.clientId ?? `cli:${process.pid}`, signal: ctx.signal });
      }
      case 'run': {
        const [toolId, ...paths] = args.positionals as [string, ...string[]];
        const judge = args.baseline === undefined ? undefined : await baselineJudge(engine, ctx.io, args.baseline, args.json, cwd);
        return await runCommand(engine, ctx.io, {
          toolId,
          paths: paths.map((p) => resolve(cwd, p)),
          json: args.json,
          ...(args.out !== undefined ? { out: resolve(cwd, args.out) } : {}),
          ...(args.timeoutSec !== undefined ? { timeoutSec: args.timeoutSec } : {}),
          ...(judge ? { baseline: judge } : {}),
          clientId: ctx.clientId ?? `cli:${process.pid}`,
          signal: ctx.signal,
        });
      }
      default:
        return EXIT.usage;
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    ctx.io.stderr(`hapyy: ${error.message}\n`);
    return error.code === 'invalid-input' ? EXIT.usage : error.code === 'unavailable' ? EXIT.unavailable : EXIT.rejected;
  } finally {
    // Ends every run this engine started, whatever happened above.
    if (engine) await engine.shutdown();
  }
}

/** Loaded before any run starts, so a bad --baseline is a usage error rather than a wasted run. */
async function baselineJudge(engine: Engine, io: CliContext['io'], spec: string, json: boolean, cwd: string) {
  const { createBaselineJudge, loadBaseline } = await import('./baseline');
  const baseline = await loadBaseline(engine, spec, (p) => resolve(cwd, p));
  return createBaselineJudge(engine, io, baseline, spec, json);
}
