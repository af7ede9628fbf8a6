// First: zod's configuration for a short-lived process, before any schema parses.
import './zod-jitless';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { resolveResources, type ResourceLayout } from '../resources';
import type { Engine } from '../services/engine';
import type { CliArgs } from './args';
import { defaultDataDir } from './data-dir';
import { exitCodeForError } from './error-exit';
import { EXIT, type ExitCode } from './exit-codes';
import type { CliContext } from './index';
import { cliVersion } from './layout';

/** A parsed command (tools, examples, run, history, worker) on the engine: loaded only when a command is run. */
export async function command(args: CliArgs, ctx: CliContext, layout: ResourceLayout): Promise<ExitCode> {
  const cwd = ctx.cwd ?? process.cwd();
  // Loaded on demand: the engine takes about half a second to load, which help and usage errors need not wait for.
  if (args.command === 'examples') {
    const { examplesCommand } = await import('./listings');
    return examplesCommand(resolveResources(layout).examplesDir, ctx.io, args.positionals[0], args.json, cwd);
  }
  if (args.command === 'worker') {
    const { workerCommand } = await import('./worker');
    return workerCommand(args, ctx, layout, cwd);
  }
  const [{ createEngine }, { readConfig }, { runCommand }] = await Promise.all([import('../services/engine'), import('./config'), import('./run')]);
  let engine: Engine | null = null;
  try {
    const settings = args.config !== undefined ? await readConfig(resolve(cwd, args.config)) : undefined;
    engine = await createEngine({
      dataDir: resolve(cwd, args.dataDir ?? defaultDataDir(ctx.env)),
      runtime: layout,
      detectAtStart: false,
      probeSandboxAtStart: args.command === 'run',
      ...(args.pool !== undefined ? { poolUrl: args.pool } : {}),
      ...(settings ? { settings } : {}),
    });
    for (const notice of engine.notices) ctx.io.stderr(`hapyy: ${notice.message}\n`);
    switch (args.command) {
      case 'tools':
        return await (await import('./listings')).toolsCommand(engine, ctx.io, args.json);
      case 'history':
        return (await import('./listings')).historyCommand(engine, ctx.io, args.json);
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
          format: args.format,
          raw: args.raw,
          ...(args.sarif !== undefined ? { sarif: resolve(cwd, args.sarif) } : {}),
          cwd,
          version: cliVersion(layout),
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
    return exitCodeForError(error);
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
