#!/usr/bin/env node
// The `hapyy` command: runs the built bundle (dist/cli/hapyy.cjs, made by `npm run build` or `npm run build:cli`),
// so no TypeScript compiler runs at start. The bundle's entry answers `--version` and `--help` by itself, from the
// version baked in at build time, before any other module loads. In a checkout that was never built it falls back
// to the sources through tsx (a dev dependency), slower, and says so once on stderr.
//
// No other import here: the bundle is loaded straight away and a missing one is told by require's own error (not an
// existsSync first), so a fast path pays for nothing but Node's start and two small modules.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
try {
  require('../dist/cli/hapyy.cjs');
} catch (error) {
  // Only the bundle's entry itself missing means "not built"; a missing chunk or any other error is a real failure.
  if (error?.code !== 'MODULE_NOT_FOUND' || error.requireStack?.[0] !== fileURLToPath(import.meta.url)) throw error;
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('hapyy: the command is not built (dist/cli/hapyy.cjs is missing); run `npm run build:cli` in the checkout.\n');
    process.exit(2);
  }
  process.stderr.write('hapyy: running from the TypeScript sources (slow start); `npm run build:cli` builds the fast bundle.\n');
  register();
  await import('../main/cli/bin.ts');
}
