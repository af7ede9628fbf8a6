#!/usr/bin/env node
// The `hapyy` command as npm installs it (package.json "bin"). CommonJS on purpose: `hapyy --version` and
// `hapyy --help` are answered here, from dist/cli/quick.json (the version and usage text baked in by the build),
// with synchronous reads only: no ES module loader, whose asynchronous file reads each wait for a thread-pool turn
// (slow on a loaded CI machine). Everything else goes to bin/hapyy.mjs, which runs the bundle (or the sources).
'use strict';

const argv = process.argv.slice(2);
const flag = argv.length === 1 ? argv[0] : undefined;
const wantsVersion = flag === '--version' || flag === '-v';
if (wantsVersion || flag === '--help' || flag === '-h') {
  let quick = null;
  try {
    quick = require('../dist/cli/quick.json');
  } catch {
    // Not built: the long way below says so.
  }
  if (quick) {
    process.stdout.write(wantsVersion ? `${quick.version}\n` : quick.usage);
    return;
  }
}
import('./hapyy.mjs').catch((error) => {
  process.stderr.write(`hapyy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
