#!/usr/bin/env node
// `npm run setup`: everything a fresh machine needs for `npm start` and `npm test` — the system packages (engines,
// sandbox, end-to-end browser) through the platform's package manager, the npm packages, and, best effort,
// Electron's binary. Non-interactive (CI runs it as root with no stdin). Exits non-zero only when a package
// manager step fails; a missing Electron binary is reported in one line, not an error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronMissingLine, npmStep, systemPlan } from './setup-plan.mjs';
import { electronBinaryProblem } from './electron-check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const win = process.platform === 'win32';

const has = (command) => spawnSync(win ? 'where' : 'sh', win ? [command] : ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

function run({ argv, env }) {
  console.log(`setup: ${argv.join(' ')}`);
  // npm is npm.cmd on Windows, which only a shell can start.
  const r = spawnSync(argv[0], argv.slice(1), { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env }, shell: win });
  return r.status === 0;
}

const system = systemPlan({ platform: process.platform, isRoot: process.getuid?.() === 0, has });
let ok = true;
for (const step of system.run) {
  if (!run(step)) {
    console.error(`setup: failed: ${step.argv.join(' ')}`);
    ok = false;
    break;
  }
}
if (system.note) console.log(`setup: ${system.note}${system.print.length ? ':' : ''}`);
for (const line of system.print) console.log(`  ${line}`);

const ci = process.env.CI === 'true' && existsSync(join(root, 'package-lock.json'));
if (ok && !run(npmStep({ ci }))) {
  console.error('setup: npm could not install the packages (see above).');
  ok = false;
}

if (ok) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
    if (electronBinaryProblem(root)) console.log(`setup: ${electronMissingLine('ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set')}`);
  } else if (electronBinaryProblem(root)) {
    const env = { ...process.env };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const problem = electronBinaryProblem(root);
    if (problem) {
      const why = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET/.exec(`${r.stderr}`)?.[0];
      console.log(`setup: ${electronMissingLine(why ? `the download failed: ${why}` : problem)}`);
    }
  }
  // The `hapyy` command runs from a bundle; build it so `npx hapyy` starts fast right away.
  ok = run({ argv: ['npm', 'run', 'build:cli'] });
}

console.log(ok ? 'setup: done. Next: npm test (or npm start).' : 'setup: stopped; fix the step above and run `npm run setup` again.');
process.exitCode = ok ? 0 : 1;
