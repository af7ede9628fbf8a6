import type { CliIo } from './io';

/** Exit codes after a stop, 128 + the signal's number as shells report it; a vanished parent counts as a hang-up. */
export const STOP_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof STOP_EXIT;

const SAY: Record<StopSignal, string> = { SIGINT: 'interrupted', SIGTERM: 'terminated (SIGTERM)', SIGHUP: 'hung up (SIGHUP)' };

/** How often the parent is checked. A CI runner that kills `npx` leaves this process running under init. */
export const PARENT_POLL_MS = 250;

export interface StopWatch {
  /** The exit code the stop calls for, or null while nothing asked the CLI to stop. */
  exitCode(): number | null;
  dispose(): void;
}

/**
 * Everything that must end the CLI's runs: SIGINT, SIGTERM, SIGHUP, and the death of its parent. The last one
 * matters because `npx` (and other wrappers) do not forward SIGTERM: npx exits at once and its child is re-parented.
 * Node has no prctl(PR_SET_PDEATHSIG), so the parent id is polled (cheap: a getppid() call) and a change is a
 * hang-up. The handlers stay installed until the end, so a second signal cannot kill the process half-way through
 * the cleanup (which is what ends the process trees and writes every record).
 */
export function watchForStop(io: CliIo, controller: AbortController, proc: NodeJS.Process = process): StopWatch {
  let code: number | null = null;
  const stop = (signal: StopSignal, why: string) => {
    if (controller.signal.aborted) {
      io.stderr('hapyy: still stopping the runs…\n');
      return;
    }
    code = STOP_EXIT[signal];
    io.stderr(`\nhapyy: ${why}; stopping every run…\n`);
    controller.abort();
  };
  const handlers = (Object.keys(STOP_EXIT) as StopSignal[]).map((sig) => {
    const handler = () => stop(sig, SAY[sig]);
    proc.on(sig, handler);
    return [sig, handler] as const;
  });
  const parent = proc.ppid;
  const timer = setInterval(() => {
    if (proc.ppid !== parent) stop('SIGHUP', `the parent process (${parent}) ended`);
  }, PARENT_POLL_MS);
  // The poll alone must not keep the process alive once the work is done.
  timer.unref();
  return {
    exitCode: () => code,
    dispose() {
      clearInterval(timer);
      for (const [sig, handler] of handlers) proc.off(sig, handler);
    },
  };
}
