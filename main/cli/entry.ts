import { quickAnswer } from './quick';

// The bundle's entry (dist/cli/hapyy.cjs): `--version` and `--help` are answered from this module alone; every
// other command turns on the compile cache for the bundle's chunks, then loads the process wiring (bin.ts) and,
// through it, only the code that command needs. CommonJS, so that Node 20 can cache the chunks' compiled code
// (compile-cache.ts); hence no top-level await.
const quick = quickAnswer(process.argv.slice(2));
if (quick !== null) process.stdout.write(quick);
else {
  import('./compile-cache')
    .then(({ enableCompileCache }) => {
      enableCompileCache(import.meta.dirname);
      return import('./bin');
    })
    .catch((error: unknown) => {
      process.stderr.write(`hapyy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    });
}
