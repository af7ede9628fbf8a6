import type { WatchEvent } from '../../shared/watch';
import type { Engine } from '../services/engine';
import { EXIT, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { projectPathNamer } from './format/findings';
import { createReporter } from './report';

export interface WatchOptions {
  toolId: string;
  path: string;
  json: boolean;
  clientId: string;
  /** Ctrl-C or SIGTERM: the watch stops, its run is cancelled, and the command exits 130 or 143 (lifecycle.ts). */
  signal: AbortSignal;
}

/**
 * `hapyy watch <tool> <path>`: runs the tool on the folder, then again after each settled burst of changes,
 * printing each run's events as `hapyy run` does (NDJSON with --json, plus `watch` events) until Ctrl-C.
 */
export async function watchCommand(engine: Engine, io: CliIo, opts: WatchOptions): Promise<ExitCode> {
  const report = createReporter(io, {
    json: opts.json,
    several: false,
    runDir: (jobId) => engine.runs.runDir(jobId),
    // A watch is always a folder: findings are named by the path as the user gave it.
    pathFor: () => projectPathNamer(opts.path, 'folder', process.cwd()),
  });
  const jobs = new Set<string>();
  let watchId: string | null = null;
  const offs = [
    engine.queue.on('job:queued', (view) => {
      if (watchId === null || view.record.watchId !== watchId) return;
      jobs.add(view.record.jobId);
      report.queued(view.record.project.name, view);
    }),
    engine.queue.on('job:started', (view) => jobs.has(view.record.jobId) && report.started(view.record.project.name, view)),
    engine.queue.on('job:output', (batch) => jobs.has(batch.jobId) && report.output('', batch)),
    engine.queue.on('job:finished', (record) => {
      if (!jobs.has(record.jobId)) return;
      report.finished(record.project.name, record);
      report.note(null, `${record.status}: ${record.message}`);
    }),
  ];
  const onEvent = (event: WatchEvent) => {
    watchId ??= event.watchId;
    if (opts.json) io.stdout(`${JSON.stringify({ event: 'watch', payload: event })}\n`);
    else report.note(null, describe(event));
  };
  try {
    if (opts.signal.aborted) return EXIT.interrupted;
    // The first run is queued inside start(), after the first `synced` event has given onEvent the watch id.
    const info = await engine.watches.start({ clientId: opts.clientId, path: opts.path, toolId: opts.toolId, onEvent });
    watchId = info.watchId;
    report.note(null, `watching ${info.source} (${info.debounceMs} ms after the last change); Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      if (opts.signal.aborted) resolve();
      else opts.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await engine.watches.stop(info.watchId, opts.clientId);
    return EXIT.interrupted;
  } finally {
    for (const off of offs) off();
  }
}

function describe(e: WatchEvent): string {
  switch (e.type) {
    case 'synced':
      return `watch: ${e.copied} file${e.copied === 1 ? '' : 's'} copied, ${e.removed} removed (${e.files} in the copy)`;
    case 'unchanged':
      return 'watch: nothing a run would see has changed';
    case 'run':
      return `watch: run ${e.jobId}`;
    case 'stale-cancelled':
      return `watch: run ${e.jobId} cancelled (the files changed under it)`;
    case 'error':
      return `watch: ${e.message}`;
    case 'stopped':
      return 'watch: stopped';
  }
}
