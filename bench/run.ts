/**
 * `npm run bench [-- <name>…] [--full] [--json <file>]`: runs the benchmarks (all, or those named), each against a
 * baseline measured in the same run, and prints one summary line per figure. Not part of `npm test`.
 * The npm script sets UV_THREADPOOL_SIZE=16 (unless set): libuv reads it once, when its pool starts, which happens
 * while Node is still loading modules, so setting it from inside this file would be too late. 16 matches intake's
 * copies in flight; the app's entry points would need the same (set before Node starts), which they do not yet do.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { cancel } from './cancel';
import { compare } from './compare';
import { dispatch } from './dispatch';
import { estimates } from './estimates';
import { intake } from './intake';
import { describeMachine, machineInfo } from './lib/machine';
import { formatSummary, type Summary } from './lib/summary';
import { pool } from './pool';
import type { Benchmark } from './lib/suite';
import { renderer } from './renderer';
import { streaming } from './streaming';

const ALL: Benchmark[] = [dispatch, streaming, intake, estimates, cancel, renderer, compare, pool];

interface Args {
  names: string[];
  full: boolean;
  json: string | null;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { names: [], full: false, json: null };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] as string;
    if (a === '--full') args.full = true;
    else if (a === '--json') {
      const file = argv[(i += 1)];
      if (!file) return '--json needs a file name';
      args.json = file;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (!ALL.some((b) => b.name === a)) return `no benchmark called ${a}. Known: ${ALL.map((b) => b.name).join(', ')}`;
    else args.names.push(a);
  }
  return args;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`bench: ${args}\nusage: npm run bench -- [name…] [--full] [--json file]\n`);
    return 2;
  }
  const selected = args.names.length > 0 ? ALL.filter((b) => args.names.includes(b.name)) : ALL;
  const machine = await machineInfo();
  process.stdout.write(`${describeMachine(machine)}\n\n`);
  const summaries: Summary[] = [];
  const failures: string[] = [];
  const started = Date.now();
  for (const b of selected) {
    process.stderr.write(`── ${b.title}\n`);
    const t0 = Date.now();
    try {
      const results = await b.run({ cores: availableParallelism(), full: args.full, log: (line) => process.stderr.write(`   ${line}\n`) });
      for (const s of results) process.stdout.write(`${formatSummary(s)}\n`);
      summaries.push(...results);
    } catch (error) {
      // One benchmark failing (a missing build, say) must not hide the others' figures.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push(`${b.name}: ${message}`);
      process.stdout.write(`${b.name}: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.stderr.write(`   (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const elapsed = (Date.now() - started) / 1000;
  process.stdout.write(`\ntotal ${elapsed.toFixed(0)} s; load average (1 min) at end: ${(loadavg()[0] ?? 0).toFixed(2)}\n`);
  if (args.json) await writeFile(args.json, `${JSON.stringify({ machine, full: args.full, elapsedS: elapsed, summaries, failures }, null, 2)}\n`);
  for (const f of failures) process.stderr.write(`\n${f}\n`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
