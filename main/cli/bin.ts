import { main } from './index';
import { EXIT } from './exit-codes';
import { processIo } from './io';

// Process wiring for `hapyy`: Ctrl-C or SIGTERM cancels every run and ends every process tree before exiting 130.
// The handlers stay installed until the end, so a second Ctrl-C cannot kill the process half-way through the cleanup.
const io = processIo();
const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (controller.signal.aborted) {
      io.stderr('hapyy: still stopping the runs…\n');
      return;
    }
    io.stderr('\nhapyy: interrupted; stopping every run…\n');
    controller.abort();
  });
}

main(process.argv.slice(2), { io, signal: controller.signal })
  .then((code) => {
    process.exitCode = controller.signal.aborted ? EXIT.interrupted : code;
  })
  .catch((error: unknown) => {
    io.stderr(`hapyy: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = controller.signal.aborted ? EXIT.interrupted : EXIT.usage;
  });
