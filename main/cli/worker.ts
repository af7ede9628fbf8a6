import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { PoolWorker } from '../pool/worker';
import { checkReachable } from '../queue/pool/connection';
import type { ResourceLayout } from '../resources';
import type { CliArgs } from './args';
import { exitCodeForError } from './error-exit';
import { EXIT, type ExitCode } from './exit-codes';
import type { CliContext } from './index';

/**
 * `hapyy worker --pool URL`: serves the shared pool until interrupted (Ctrl-C, SIGTERM), then lets its running jobs
 * end (their trees are ended by the engine's shutdown) and leaves the pool.
 */
export async function workerCommand(args: CliArgs, ctx: CliContext, layout: ResourceLayout, cwd: string): Promise<ExitCode> {
  const url = args.pool as string;
  try {
    await checkReachable(url);
    const settings = args.config !== undefined ? await (await import('./config')).readConfig(resolve(cwd, args.config)) : DEFAULT_SETTINGS;
    const worker = new PoolWorker({
      url,
      runtime: layout,
      settings,
      ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
      ...(args.tools !== undefined ? { tools: args.tools } : {}),
      ...(args.dataDir !== undefined ? { dataDir: resolve(cwd, args.dataDir) } : {}),
      ...(process.env.HAPYY_POOL_LOCK_MS ? { lockDurationMs: Number(process.env.HAPYY_POOL_LOCK_MS), stalledIntervalMs: Number(process.env.HAPYY_POOL_LOCK_MS) } : {}),
    });
    await worker.start();
    ctx.io.stderr(`hapyy: ${worker.describe()}\n`);
    if (worker.tools.length === 0) ctx.io.stderr('hapyy: this worker can run no tool; it takes no jobs.\n');
    await new Promise<void>((done) => {
      if (ctx.signal.aborted) done();
      else ctx.signal.addEventListener('abort', () => done(), { once: true });
    });
    await worker.stop();
    // Stopping is how a worker ends: not an error.
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    ctx.io.stderr(`hapyy: ${error.message}\n`);
    return exitCodeForError(error);
  }
}
