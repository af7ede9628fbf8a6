import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { formatDuration } from '../../shared/format';
import { BUILTIN_TOOLS } from '../../shared/tools';
import { listExamples } from '../registry';
import { devLayout, resolveResources } from '../resources';
import { createEngine, type Engine } from '../services/engine';
import { readConfig } from './config';
import { defaultDataDir } from './data-dir';
import { EXIT, type ExitCode } from './exit-codes';
import { table, type CliIo } from './io';
import { runCommand } from './run';
import { APP_VERSION_FALLBACK } from '../ipc/version';

export const USAGE = `Usage:
  hapyy tools [--json]
  hapyy examples [<tool-id>] [--json]
  hapyy run <tool-id> <path>... [--json] [--out <dir>] [--timeout <seconds>] [--config <file>] [--data-dir <dir>]
  hapyy history [--json] [--data-dir <dir>]
  hapyy --help | --version

Exit codes: 0 all runs completed, 1 a tool reported problems, 2 usage or configuration error,
3 a project was rejected, 4 the tool is unavailable, 5 a run hit a limit, 130 interrupted.
`;

export interface CliContext {
  io: CliIo;
  signal: AbortSignal;
  clientId?: string;
  env?: NodeJS.ProcessEnv;
}

/** The `hapyy` command: the same engine as the app, without a window. Returns the exit code. */
export async function main(argv: string[], ctx: CliContext): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        timeout: { type: 'string' },
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    ctx.io.stderr(`hapyy: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    ctx.io.stdout(USAGE);
    return EXIT.ok;
  }
  if (values.version) {
    ctx.io.stdout(`${APP_VERSION_FALLBACK}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  const usage = (message: string): ExitCode => {
    ctx.io.stderr(`hapyy: ${message}\n\n${USAGE}`);
    return EXIT.usage;
  };
  if (!command) return usage('which command?');

  let timeoutSec: number | undefined;
  if (values.timeout !== undefined) {
    timeoutSec = Number(values.timeout);
    if (!Number.isInteger(timeoutSec) || timeoutSec < 1) return usage(`--timeout takes a whole number of seconds, not “${values.timeout}”.`);
  }

  let engine: Engine | null = null;
  const open = async (): Promise<Engine> => {
    const settings = values.config ? await readConfig(values.config) : undefined;
    engine = await createEngine({
      dataDir: values['data-dir'] ?? defaultDataDir(ctx.env),
      runtime: devLayout(),
      ...(settings ? { settings } : {}),
    });
    for (const notice of engine.notices) ctx.io.stderr(`hapyy: ${notice.message}\n`);
    return engine;
  };

  try {
    switch (command) {
      case 'tools': {
        if (rest.length) return usage('`tools` takes no arguments.');
        const e = await open();
        await e.registry.ready();
        const tools = e.registry.list();
        if (values.json) ctx.io.stdout(`${JSON.stringify(tools)}\n`);
        else {
          ctx.io.stdout(
            `${table([
              ['TOOL', 'AVAILABLE', 'ENGINE', 'VERSION', 'PATH / LOOKED FOR'],
              ...tools.map((t) => [
                t.tool.id,
                t.available ? 'yes' : 'no',
                t.engine?.name ?? '-',
                t.engine?.version ?? '-',
                t.engine?.path ?? t.lookedFor.map((l) => l.commands.join(', ')).join('; '),
              ]),
            ])}\n`,
          );
        }
        return EXIT.ok;
      }
      case 'examples': {
        if (rest.length > 1) return usage('`examples` takes at most one tool id.');
        const toolId = rest[0];
        if (toolId && !BUILTIN_TOOLS.some((t) => t.id === toolId)) return usage(`there is no built-in tool called “${toolId}”.`);
        const { examplesDir } = resolveResources(devLayout());
        const examples = (await listExamples(examplesDir)).filter((x) => !toolId || x.toolId === toolId);
        if (values.json) ctx.io.stdout(`${JSON.stringify(examples.map((x) => ({ ...x, path: `${examplesDir}/${x.toolId}/${x.id}` })))}\n`);
        else ctx.io.stdout(`${table([['EXAMPLE', 'TOOL', 'DESCRIPTION'], ...examples.map((x) => [x.id, x.toolId, x.description])])}\n`);
        return EXIT.ok;
      }
      case 'run': {
        const [toolId, ...paths] = rest;
        if (!toolId || paths.length === 0) return usage('`run` needs a tool id and at least one path.');
        const e = await open();
        return await runCommand(e, ctx.io, {
          toolId,
          paths,
          json: values.json,
          ...(values.out ? { out: values.out } : {}),
          ...(timeoutSec ? { timeoutSec } : {}),
          clientId: ctx.clientId ?? `cli:${process.pid}`,
          signal: ctx.signal,
        });
      }
      case 'history': {
        if (rest.length) return usage('`history` takes no arguments.');
        const e = await open();
        const records = e.queue.list();
        if (values.json) ctx.io.stdout(`${JSON.stringify(records)}\n`);
        else {
          ctx.io.stdout(
            `${table([
              ['JOB', 'TOOL', 'PROJECT', 'STATUS', 'TIME', 'WHEN'],
              ...records.map((r) => [
                r.jobId,
                r.toolId,
                r.project.name,
                r.status,
                r.durationMs === null ? '-' : formatDuration(r.durationMs),
                new Date(r.queuedAt).toISOString(),
              ]),
            ])}\n`,
          );
        }
        return EXIT.ok;
      }
      default:
        return usage(`unknown command “${command}”.`);
    }
  } catch (error) {
    if (error instanceof AppError) {
      ctx.io.stderr(`hapyy: ${error.message}\n`);
      return error.code === 'rejected' ? EXIT.rejected : error.code === 'unavailable' ? EXIT.unavailable : EXIT.usage;
    }
    throw error;
  } finally {
    if (engine) await (engine as Engine).shutdown();
  }
}
