import { main } from './index';
import { EXIT } from './exit-codes';
import { processIo } from './io';
import { watchForStop } from './lifecycle';

// Process wiring for `hapyy`: SIGINT, SIGTERM, SIGHUP or the parent's death cancels every run and ends every
// process tree before exiting 130, 143 or 129 (lifecycle.ts).
const io = processIo();
const controller = new AbortController();
const stops = watchForStop(io, controller);

/**
 * How long the process may stay up once the work is done (every run ended, every record written, output flushed to
 * its pipe). It normally ends at once; a handle left open by mistake (a worker, a socket) would otherwise keep it up
 * for ever, even after a SIGTERM, and a CI job would hang on it.
 */
const EXIT_GRACE_MS = 2000;

main(process.argv.slice(2), { io, signal: controller.signal })
  .then((code) => {
    process.exitCode = stops.exitCode() ?? code;
  })
  .catch((error: unknown) => {
    io.stderr(`hapyy: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = stops.exitCode() ?? EXIT.usage;
  })
  .finally(() => {
    setTimeout(() => {
      io.stderr(`hapyy: the work ended ${EXIT_GRACE_MS / 1000} s ago but something inside Hapyy was still open; exiting anyway (please report this).\n`);
      process.exit();
    }, EXIT_GRACE_MS).unref();
  });
