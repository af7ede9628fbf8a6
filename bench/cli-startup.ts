/**
 * `npm run bench:cli`: the `hapyy` command's fixed cost, measured with hyperfine (cold processes, warm-up runs,
 * a fresh data folder per run) side by side with its baselines:
 *   node -e 0                          bare Node start
 *   hapyy --version                    target: median ≤ 250 ms
 *   shellcheck -f json1 -x <file>      the engine run directly
 *   hapyy run bash-verification <dir> target: median ≤ shellcheck's + 300 ms (bubblewrap on where installed)
 * Needs the bundle (`npm run build:cli`), hyperfine and ShellCheck. Not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeMachine, machineInfo } from './lib/machine';
import { which } from './lib/which';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'hapyy.mjs');
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
  if (!existsSync(join(ROOT, 'dist', 'cli', 'hapyy.mjs'))) throw new Error('the CLI bundle is not built: npm run build:cli');

  const dir = mkdtempSync(join(tmpdir(), 'hapyy-bench-cli-'));
  try {
    const project = join(dir, 'one-file');
    execFileSync('mkdir', [project]);
    copyFileSync(EXAMPLE, join(project, 'backup.sh'));
    const data = join(dir, 'data');
    const out = join(dir, 'hyperfine.json');
    const node = process.execPath;
    execFileSync(
      'hyperfine',
      [
        '--warmup', '3', '--runs', String(RUNS), '--ignore-failure', '--style', 'basic', '--export-json', out,
        // A fresh data folder for every run, as on a CI machine (history does not pile up between runs).
        '--prepare', `rm -rf ${sh(data)}`,
        '-n', 'node -e 0', `${sh(node)} -e 0`,
        '-n', 'hapyy --version', `${sh(node)} ${sh(BIN)} --version`,
        '-n', 'shellcheck', `cd ${sh(project)} && shellcheck -f json1 -x backup.sh`,
        '-n', 'hapyy run', `${sh(node)} ${sh(BIN)} run bash-verification ${sh(project)} --data-dir ${sh(data)}`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: HyperfineResult[] }).results;
    const ms = (name: string) => Math.round((results.find((r) => r.command === name)?.median ?? NaN) * 1000);
    const bwrap = await which('bwrap');
    console.log(`\n${describeMachine(await machineInfo())}; ${RUNS} runs each, bubblewrap ${bwrap ? 'on' : 'not installed'}`);
    console.log(`median ms: node -e 0 ${ms('node -e 0')}, hapyy --version ${ms('hapyy --version')} (target ≤ 250)`);
    const extra = ms('hapyy run') - ms('shellcheck');
    console.log(`median ms: shellcheck ${ms('shellcheck')}, hapyy run ${ms('hapyy run')}: +${extra} (target ≤ +300)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
