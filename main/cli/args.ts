import { parseArgs } from 'node:util';

export const USAGE = `Usage:
  hapyy tools [--json] [--config <file>] [--data-dir <dir>]
  hapyy examples [<tool-id>] [--json]
  hapyy run <tool-id> <path>... [--json] [--out <dir>] [--timeout <seconds>] [--baseline <run-id|sarif-file>]
            [--config <file>] [--data-dir <dir>]
  hapyy history [--json] [--data-dir <dir>]
  hapyy compare <run-a> <run-b> [--json] [--data-dir <dir>]
  hapyy watch <tool-id> <path> [--json] [--config <file>] [--data-dir <dir>]   (until Ctrl-C)
  hapyy --help | --version

With --baseline, problems are marked new or unchanged and only new ones make the exit code 1.
Exit codes: 0 all runs completed, 1 a tool reported problems, 2 usage or configuration error,
3 a project was rejected, 4 the tool is unavailable, 5 a run hit a limit, 130 interrupted.
`;

export const COMMANDS = ['tools', 'examples', 'run', 'history', 'compare', 'watch'] as const;
export type Command = (typeof COMMANDS)[number];

type OptionName = 'json' | 'out' | 'timeout' | 'baseline' | 'config' | 'data-dir';
/**
 * Options a command does not use are refused rather than silently ignored (a script that passes --out to the
 * wrong command should fail), except --config and --data-dir, which a script may well pass to every command.
 */
const ALLOWED: Record<Command, readonly OptionName[]> = {
  tools: ['json', 'config', 'data-dir'],
  examples: ['json', 'config', 'data-dir'],
  run: ['json', 'out', 'timeout', 'baseline', 'config', 'data-dir'],
  history: ['json', 'config', 'data-dir'],
  compare: ['json', 'config', 'data-dir'],
  watch: ['json', 'config', 'data-dir'],
};

export interface CliArgs {
  command: Command;
  positionals: string[];
  json: boolean;
  out?: string;
  /** Whole seconds, at least 1 (the tool's configured limit still caps it). */
  timeoutSec?: number;
  /** A run id from the history, or a SARIF file. */
  baseline?: string;
  config?: string;
  dataDir?: string;
}

export type Parsed = { kind: 'help' } | { kind: 'version' } | { kind: 'command'; args: CliArgs } | { kind: 'usage'; message: string };

/** Longest time limit a request may name (the contract's bound for jobs:submit). */
const MAX_TIMEOUT_SEC = 86_400;

export function parseCli(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        out: { type: 'string' },
        timeout: { type: 'string' },
        baseline: { type: 'string' },
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return { kind: 'usage', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...rest] = positionals;
  if (!command) return { kind: 'usage', message: 'which command?' };
  if (!(COMMANDS as readonly string[]).includes(command)) return { kind: 'usage', message: `unknown command “${command}”.` };
  const cmd = command as Command;
  for (const name of ['json', 'out', 'timeout', 'baseline', 'config', 'data-dir'] as const) {
    if (values[name] !== undefined && !ALLOWED[cmd].includes(name)) return { kind: 'usage', message: `\`${cmd}\` does not take --${name}.` };
  }
  for (const name of ['out', 'baseline', 'config', 'data-dir'] as const) {
    if (values[name] === '') return { kind: 'usage', message: `--${name} needs ${name === 'baseline' ? 'a run id or a SARIF file' : 'a path'}.` };
  }

  let timeoutSec: number | undefined;
  if (values.timeout !== undefined) {
    if (!/^\d+$/.test(values.timeout) || Number(values.timeout) < 1 || Number(values.timeout) > MAX_TIMEOUT_SEC) {
      return { kind: 'usage', message: `--timeout takes a whole number of seconds from 1 to ${MAX_TIMEOUT_SEC}, not “${values.timeout}”.` };
    }
    timeoutSec = Number(values.timeout);
  }

  switch (cmd) {
    case 'tools':
    case 'history':
      if (rest.length) return { kind: 'usage', message: `\`${cmd}\` takes no arguments.` };
      break;
    case 'examples':
      if (rest.length > 1) return { kind: 'usage', message: '`examples` takes at most one tool id.' };
      break;
    case 'run':
      if (rest.length < 2) return { kind: 'usage', message: '`run` needs a tool id and at least one path.' };
      break;
    case 'watch':
      if (rest.length !== 2) return { kind: 'usage', message: '`watch` needs a tool id and one folder.' };
      break;
    case 'compare':
      if (rest.length !== 2) return { kind: 'usage', message: '`compare` needs two run ids (`hapyy history` lists them).' };
      break;
  }
  return {
    kind: 'command',
    args: {
      command: cmd,
      positionals: rest,
      json: values.json ?? false,
      ...(values.out !== undefined ? { out: values.out } : {}),
      ...(timeoutSec !== undefined ? { timeoutSec } : {}),
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      ...(values.config !== undefined ? { config: values.config } : {}),
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    },
  };
}
