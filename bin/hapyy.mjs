#!/usr/bin/env node
// The `hapyy` command: runs the built bundle (dist/cli/hapyy.mjs, made by `npm run build` or `npm run build:cli`),
// so no TypeScript compiler runs at start. The bundle's entry answers `--version` and `--help` by itself, from the
// version baked in at build time, before any other module loads. In a checkout that was never built it falls back
// to the sources through tsx (a dev dependency), slower, and says so once on stderr.
//
// No other import here: the bundle is imported straight away and a missing one is told by the import's own error
// (not an existsSync first), so a fast path pays for nothing but Node's start and two small modules.
const bundle = new URL('../dist/cli/hapyy.mjs', import.meta.url);
try {
  await import(bundle.href);
} catch (error) {
  // Only the bundle itself missing means "not built"; a missing chunk or any other error is a real failure.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || error.url !== bundle.href) throw error;
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
