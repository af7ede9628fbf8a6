#!/usr/bin/env node
// The `hapyy` command: runs the built bundle (dist/cli/hapyy.mjs, made by `npm run build` or `npm run build:cli`),
// so no TypeScript compiler runs at start. In a checkout that was never built it falls back to the sources
// through tsx (a dev dependency), slower, and says so once on stderr.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code of the bundle between runs (in the OS temp folder): a faster cold start.
// Node 20 has no such cache; the call is skipped there.
module.enableCompileCache?.();

const bundle = new URL('../dist/cli/hapyy.mjs', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('hapyy: the command is not built (dist/cli/hapyy.mjs is missing); run `npm run build:cli` in the checkout.\n');
    process.exit(2);
  }
  process.stderr.write('hapyy: running from the TypeScript sources (slow start); `npm run build:cli` builds the fast bundle.\n');
  register();
  await import('../main/cli/bin.ts');
}
