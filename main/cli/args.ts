import { parseArgs } from 'node:util';
import type { OutputFormat } from './report';

const FORMATS: readonly OutputFormat[] = ['human', 'github'];

export { USAGE } from './usage';

export const COMMANDS = ['tools', 'examples', 'run', 'history', 'compare', 'watch', 'worker'] as const;
export type Command = (typeof COMMANDS)[number];

const OPTION_NAMES = ['json', 'out', 'timeout', 'baseline', 'config', 'data-dir', 'format', 'raw', 'sarif', 'pool', 'concurrency', 'tools'] as const;
type OptionName = (typeof OPTION_NAMES)[number];
/**
 * Options a command does not use are refused rather than silently ignored (a script that passes --out to the
 * wrong command should fail), except --config and --data-dir, which a script may well pass to every command.
 */
const ALLOWED: Record<Command, readonly OptionName[]> = {
  tools: ['json', 'config', 'data-dir'],
  examples: ['json', 'config', 'data-dir'],
  run: ['json', 'out', 'timeout', 'baseline', 'config', 'data-dir', 'format', 'raw', 'sarif', 'pool'],
  history: ['json', 'config', 'data-dir'],
  compare: ['json', 'config', 'data-dir'],
  watch: ['json', 'config', 'data-dir'],
  worker: ['pool', 'concurrency', 'tools', 'config', 'data-dir'],
};

export interface CliArgs {
  command: Command;
  positionals: string[];
  json: boolean;
  /** How `run` prints findings (default human). */
  format: OutputFormat;
  /** `run`: also print the engine's own output, exactly as written. */
  raw: boolean;
  /** `run`: write SARIF 2.1.0 here. */
  sarif?: string;
  out?: string;
  /** Whole seconds, at least 1 (the tool's configured limit still caps it). */
  timeoutSec?: number;
  /** A run id from the history, or a SARIF file. */
  baseline?: string;
  config?: string;
  dataDir?: string;
  /** A shared pool (redis://…): `run` sends its jobs there; `worker` takes jobs from it. */
  pool?: string;
  concurrency?: number;
  tools?: string[];
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
        format: { type: 'string' },
        raw: { type: 'boolean' },
        sarif: { type: 'string' },
        pool: { type: 'string' },
        concurrency: { type: 'string' },
        tools: { type: 'string' },
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
  for (const name of OPTION_NAMES) {
    if (values[name] !== undefined && !ALLOWED[cmd].includes(name)) return { kind: 'usage', message: `\`${cmd}\` does not take --${name}.` };
  }
  for (const name of ['out', 'baseline', 'config', 'data-dir', 'sarif'] as const) {
    if (values[name] === '') return { kind: 'usage', message: `--${name} needs ${name === 'baseline' ? 'a run id or a SARIF file' : 'a path'}.` };
  }
  const format = (values.format ?? 'human') as OutputFormat;
  if (!FORMATS.includes(format)) return { kind: 'usage', message: `--format takes ${FORMATS.join(' or ')}, not “${values.format}”.` };
  if (values.json && values.format !== undefined) return { kind: 'usage', message: '--json and --format are two ways of printing; choose one.' };

  let timeoutSec: number | undefined;
  if (values.timeout !== undefined) {
    if (!/^\d+$/.test(values.timeout) || Number(values.timeout) < 1 || Number(values.timeout) > MAX_TIMEOUT_SEC) {
      return { kind: 'usage', message: `--timeout takes a whole number of seconds from 1 to ${MAX_TIMEOUT_SEC}, not “${values.timeout}”.` };
    }
    timeoutSec = Number(values.timeout);
  }

  if (values.pool !== undefined && !/^rediss?:\/\/./.test(values.pool)) return { kind: 'usage', message: `--pool takes a redis:// address, not “${values.pool}”.` };
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    if (!/^\d+$/.test(values.concurrency) || Number(values.concurrency) < 1 || Number(values.concurrency) > 256) {
      return { kind: 'usage', message: `--concurrency takes a whole number from 1 to 256, not “${values.concurrency}”.` };
    }
    concurrency = Number(values.concurrency);
  }

  switch (cmd) {
    case 'worker':
      if (rest.length) return { kind: 'usage', message: '`worker` takes no arguments.' };
      if (values.pool === undefined) return { kind: 'usage', message: '`worker` needs --pool <redis-url>.' };
      break;
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
      format,
      raw: values.raw ?? false,
      ...(values.sarif !== undefined ? { sarif: values.sarif } : {}),
      ...(values.out !== undefined ? { out: values.out } : {}),
      ...(timeoutSec !== undefined ? { timeoutSec } : {}),
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      ...(values.config !== undefined ? { config: values.config } : {}),
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
      ...(values.pool !== undefined ? { pool: values.pool } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(values.tools !== undefined ? { tools: values.tools.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
    },
  };
}
