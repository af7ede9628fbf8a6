/**
 * `npm run bench:cli`: the `hapyy` command's fixed cost, measured with hyperfine (cold processes, warm-up runs,
 * a fresh data folder per run) side by side with its baselines:
 *   node -e 0                          bare Node start
 *   hapyy --version                    target: median ≤ 250 ms (answered by the bundle's entry alone)
 *   hapyy --help
 *   shellcheck -f json1 -x <file>      the engine run directly
 *   hapyy run bash-verification <dir> target: median ≤ shellcheck's + 300 ms (bubblewrap on where installed), thrice:
 *     fresh data folder   every run starts from an empty --data-dir: the sandbox probe and ShellCheck's --version
 *                         run before the tool
 *     kept data folder    history emptied before every run but the data folder's probe answers kept
 *                         (sandbox-probe.json, engine-versions.json): every later `hapyy` call on that machine
 *     first call          a fresh data folder and an empty compile cache (main/cli/compile-cache.ts): a CI machine's
 *                         first `hapyy` call, which also compiles every chunk and writes the compile cache at exit
 *   The first two share one compile cache (HAPYY_COMPILE_CACHE in the bench's folder), filled by the warm-up runs.
 * Needs the bundle (`npm run build:cli`), hyperfine and ShellCheck. Not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeMachine, machineInfo } from './lib/machine';
import { which } from './lib/which';

const ROOT = resolve(import.meta.dirname, '..');
// The npm bin (package.json "bin"), as `hapyy` and `npx hapyy` run it.
const BIN = join(ROOT, 'bin', 'hapyy.cjs');
const EXAMPLE = join(ROOT, 'resources', 'examples', 'bash-verification', 'bash-quoting-bugs', 'backup.sh');
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

interface HyperfineResult {
  command: string;
  median: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
}

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function main(): Promise<void> {
  const missing = [['hyperfine', await which('hyperfine')], ['shellcheck', await which('shellcheck')]].filter(([, p]) => !p).map(([n]) => n);
  if (missing.length) throw new Error(`bench:cli needs ${missing.join(' and ')} (npm run setup installs them)`);
  if (!existsSync(join(ROOT, 'dist', 'cli', 'hapyy.cjs'))) throw new Error('the CLI bundle is not built: npm run build:cli');

  const dir = mkdtempSync(join(tmpdir(), 'hapyy-bench-cli-'));
  try {
    const project = join(dir, 'one-file');
    execFileSync('mkdir', [project]);
    copyFileSync(EXAMPLE, join(project, 'backup.sh'));
    const fresh = join(dir, 'data-fresh');
    const kept = join(dir, 'data-kept');
    const first = join(dir, 'data-first');
    const compileCache = join(dir, 'compile-cache');
    const out = join(dir, 'hyperfine.json');
    const node = process.execPath;
    const run = (data: string, cache = compileCache) =>
      `HAPYY_COMPILE_CACHE=${sh(cache)} ${sh(node)} ${sh(BIN)} run bash-verification ${sh(project)} --data-dir ${sh(data)}`;
    const machine = await machineInfo();
    execFileSync(
      'hyperfine',
      [
        '--warmup', '3', '--runs', String(RUNS), '--ignore-failure', '--style', 'basic', '--export-json', out,
        // One --prepare per command, in order. History never piles up between runs: the fresh folder is removed,
        // the kept one loses everything but the probe answers.
        '--prepare', 'true', '--prepare', 'true', '--prepare', 'true', '--prepare', 'true',
        '--prepare', `rm -rf ${sh(fresh)}`,
        '--prepare', `mkdir -p ${sh(kept)} && find ${sh(kept)} -mindepth 1 -maxdepth 1 ! -name sandbox-probe.json ! -name engine-versions.json -exec rm -rf {} +`,
        '--prepare', `rm -rf ${sh(first)}`,
        '-n', 'node -e 0', `${sh(node)} -e 0`,
        '-n', 'hapyy --version', `${sh(node)} ${sh(BIN)} --version`,
        '-n', 'hapyy --help', `${sh(node)} ${sh(BIN)} --help`,
        '-n', 'shellcheck', `cd ${sh(project)} && shellcheck -f json1 -x backup.sh`,
        '-n', 'hapyy run (fresh data folder)', run(fresh),
        '-n', 'hapyy run (kept data folder)', run(kept),
        '-n', 'hapyy run (first call)', run(first, join(first, 'compile-cache')),
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: HyperfineResult[] }).results;
    const ms = (name: string) => Math.round((results.find((r) => r.command === name)?.median ?? NaN) * 1000);
    const bwrap = await which('bwrap');
    const loadAfter = loadavg()[0] ?? 0;
    console.log(`\n${describeMachine(machine)}; load ${machine.load1.toFixed(2)} at start, ${loadAfter.toFixed(2)} at end; ${RUNS} runs each, bubblewrap ${bwrap ? 'on' : 'not installed'}`);
    console.log(`median ms: node -e 0 ${ms('node -e 0')}, hapyy --version ${ms('hapyy --version')} (target ≤ 250), hapyy --help ${ms('hapyy --help')}`);
    for (const name of ['hapyy run (fresh data folder)', 'hapyy run (kept data folder)', 'hapyy run (first call)']) {
      console.log(`median ms: shellcheck ${ms('shellcheck')}, ${name} ${ms(name)}: +${ms(name) - ms('shellcheck')} (target ≤ +300)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
