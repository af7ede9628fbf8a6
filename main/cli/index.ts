import type { ResourceLayout } from '../resources';
import { parseCli, USAGE } from './args';
import { bakedVersion } from './baked-version';
import { EXIT, type ExitCode } from './exit-codes';
import type { CliIo } from './io';

// Only zod-free modules are imported statically, so `--version`, `--help` and usage errors load almost nothing;
// commands load their code (command.ts: layout, engine, zod) on demand.

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
  const parsed = parseCli(argv);
  switch (parsed.kind) {
    case 'help':
      ctx.io.stdout(USAGE);
      return EXIT.ok;
    case 'version': {
      let version = bakedVersion();
      if (version === undefined) {
        const { cliLayout, cliVersion } = await import('./layout');
        version = cliVersion(ctx.layout ?? cliLayout(ctx.env));
      }
      ctx.io.stdout(`${version}\n`);
      return EXIT.ok;
    }
    case 'usage':
      ctx.io.stderr(`hapyy: ${parsed.message}\n\n${USAGE}`);
      return EXIT.usage;
    case 'command': {
      const [{ command }, { cliLayout }] = await Promise.all([import('./command'), import('./layout')]);
      return command(parsed.args, ctx, ctx.layout ?? cliLayout(ctx.env));
    }
  }
}
