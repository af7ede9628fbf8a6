import { processIo } from './io';
import { main } from './index';
import { EXIT } from './exit-codes';

// Process wiring for `hapyy`: Ctrl-C or SIGTERM cancels every run and ends every process tree before exiting 130.
const controller = new AbortController();
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('\nhapyy: interrupted; stopping every run…\n');
    controller.abort();
  });
}

main(process.argv.slice(2), { io: processIo, signal: controller.signal })
  .then((code) => {
    process.exitCode = interrupted ? EXIT.interrupted : code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`hapyy: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.usage;
  });
