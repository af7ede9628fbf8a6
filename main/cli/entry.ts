import { quickAnswer } from './quick';

// The bundle's entry (dist/cli/hapyy.mjs): `--version` and `--help` are answered from this module alone; every
// other command loads the process wiring (bin.ts) and, through it, only the code that command needs.
const quick = quickAnswer(process.argv.slice(2));
if (quick !== null) process.stdout.write(quick);
else await import('./bin');
