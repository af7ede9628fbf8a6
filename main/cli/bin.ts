import { main } from './index';
import { EXIT } from './exit-codes';
import { processIo } from './io';
import { watchForStop } from './lifecycle';

// Process wiring for `hapyy`: SIGINT, SIGTERM, SIGHUP or the parent's death cancels every run and ends every
// process tree before exiting 130, 143 or 129 (lifecycle.ts).
const io = processIo();
const controller = new AbortController();
const stops = watchForStop(io, controller);

main(process.argv.slice(2), { io, signal: controller.signal })
  .then((code) => {
    process.exitCode = stops.exitCode() ?? code;
  })
  .catch((error: unknown) => {
    io.stderr(`hapyy: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = stops.exitCode() ?? EXIT.usage;
  });
