import { cp, mkdir, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { formatDuration } from '../../shared/format';
import type { JobRecord, JobView } from '../../shared/jobs';
import type { Engine } from '../services/engine';
import { effectiveTimeout } from '../ipc/handlers';
import { EXIT, exitCodeForStatus, worst, type ExitCode } from './exit-codes';
import { table, type CliIo } from './io';

export interface RunOptions {
  toolId: string;
  paths: string[];
  json: boolean;
  out?: string;
  timeoutSec?: number;
  clientId: string;
  /** Aborted on SIGINT/SIGTERM: every job is cancelled, every tree ended. */
  signal: AbortSignal;
}

/**
 * `hapyy run`: opens every path through intake, queues them all (concurrency = cores), prints places in line and
 * estimates, streams output, then a summary. With --json, stdout carries only NDJSON events shaped like the app's.
 */
export async function runCommand(engine: Engine, io: CliIo, opts: RunOptions): Promise<ExitCode> {
  const codes: ExitCode[] = [];
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (opts.json) io.stdout(`${JSON.stringify({ event, payload })}\n`);
  };
  const say = (text: string) => io.stderr(`${text}\n`);

  await engine.registry.ready();
  const tool = engine.registry.tools().find((t) => t.id === opts.toolId);
  if (!tool) {
    say(`hapyy: there is no tool called “${opts.toolId}”. \`hapyy tools\` lists them.`);
    return EXIT.usage;
  }
  try {
    engine.registry.resolve(tool.id);
  } catch (error) {
    say(`hapyy: ${(error as Error).message}`);
    return EXIT.unavailable;
  }

  const names = uniqueNames(opts.paths.map((p) => basename(p.replace(/[\\/]+$/, '')) || p));
  const several = opts.paths.length > 1;
  const jobs = new Map<string, { name: string; record: JobRecord | null }>();
  const finished = new Map<string, JobRecord>();
  let resolveAll: () => void = () => undefined;
  const allDone = new Promise<void>((r) => (resolveAll = r));
  const checkDone = () => {
    if (submitting === 0 && [...jobs.keys()].every((id) => finished.has(id))) resolveAll();
  };
  let submitting = opts.paths.length;

  const offs = [
    engine.queue.on('job:started', (view) => {
      const job = jobs.get(view.record.jobId);
      if (!job) return;
      emit('job:started', view);
      if (!opts.json) say(`${prefix(job.name, several)}started (${view.record.toolName})`);
    }),
    engine.queue.on('job:output', (batch) => {
      const job = jobs.get(batch.jobId);
      if (!job) return;
      emit('job:output', batch);
      if (!opts.json) {
        const p = prefix(job.name, several);
        io.stderr(batch.lines.map((l) => `${p}${l.text}\n`).join(''));
      }
    }),
    engine.queue.on('job:finished', (record) => {
      const job = jobs.get(record.jobId);
      if (!job) return;
      job.record = record;
      finished.set(record.jobId, record);
      emit('job:finished', record);
      checkDone();
    }),
  ];

  const cancelAll = () => {
    for (const id of jobs.keys()) if (!finished.has(id)) void engine.queue.cancel(id).catch(() => undefined);
  };
  opts.signal.addEventListener('abort', cancelAll, { once: true });

  try {
    // Open and submit one by one; per-client limits make the CLI wait for a slot rather than give up.
    for (const [i, path] of opts.paths.entries()) {
      if (opts.signal.aborted) break;
      const name = names[i] ?? path;
      try {
        const summary = await engine.projects.openPath(path);
        for (const warning of summary.warnings) say(`${prefix(name, several)}warning: ${warning}`);
        const view = await submitWithRetry(engine, opts, tool.id, tool.name, summary, finished, jobs);
        jobs.set(view.record.jobId, { name, record: null });
        if (!opts.json) say(`${prefix(name, several)}${describePlace(view)}`);
        else emit('job:queued', view);
      } catch (error) {
        const code = error instanceof AppError && (error.code === 'rejected' || error.code === 'not-found') ? EXIT.rejected : error instanceof AppError && error.code === 'limit' ? EXIT.limit : EXIT.usage;
        codes.push(code);
        say(`${prefix(name, several)}${error instanceof Error ? error.message : String(error)}`);
      } finally {
        submitting -= 1;
      }
    }
    checkDone();
    await allDone;
  } finally {
    for (const off of offs) off();
    opts.signal.removeEventListener('abort', cancelAll);
  }

  const records = [...jobs.values()].map((j) => j.record).filter((r): r is JobRecord => r !== null);
  for (const r of records) codes.push(exitCodeForStatus(r.status));
  if (opts.signal.aborted) codes.push(EXIT.interrupted);
  if (opts.out) await copyOut(engine, records, jobs, opts.out, say);
  if (!opts.json && records.length) {
    say('');
    say(
      table([
        ['PROJECT', 'STATUS', 'EXIT', 'TIME', 'ENGINE', 'RESULT'],
        ...records.map((r) => [
          jobs.get(r.jobId)?.name ?? r.project.name,
          r.status,
          r.exitCode === null ? '-' : String(r.exitCode),
          r.durationMs === null ? '-' : formatDuration(r.durationMs),
          r.engine ? `${r.engine.name} ${r.engine.version}` : '-',
          r.message,
        ]),
      ]),
    );
  }
  return worst(codes);
}

async function submitWithRetry(
  engine: Engine,
  opts: RunOptions,
  toolId: string,
  toolName: string,
  summary: { name: string; source: string; kind: 'folder' | 'file' | 'zip' | 'example' },
  finished: Map<string, JobRecord>,
  jobs: Map<string, unknown>,
): Promise<JobView> {
  const tool = engine.registry.tools().find((t) => t.id === toolId);
  const timeoutSec = effectiveTimeout(
    tool?.execution ?? { defaultTimeoutSec: 60, maxTimeoutSec: 60 },
    engine.settings.current().tools[toolId]?.timeoutSec,
    opts.timeoutSec,
  );
  for (;;) {
    try {
      return await engine.queue.submit({
        clientId: opts.clientId,
        toolId,
        toolName,
        project: { name: summary.name, source: summary.source, kind: summary.kind },
        priority: 'batch',
        timeoutSec,
      });
    } catch (error) {
      const waitable = error instanceof AppError && error.code === 'limit' && error.details?.limit === 'perClientActive';
      if (!waitable || opts.signal.aborted) throw error;
      const before = finished.size;
      await new Promise<void>((resolve) => {
        const off = engine.queue.on('job:finished', (r) => {
          if (jobs.has(r.jobId) && finished.size >= before) {
            off();
            resolve();
          }
        });
        opts.signal.addEventListener('abort', () => {
          off();
          resolve();
        }, { once: true });
      });
      if (opts.signal.aborted) throw new AppError('cancelled', 'Interrupted.');
    }
  }
}

function describePlace(view: JobView): string {
  if (view.position === null) return 'queued';
  const est = view.estimate;
  const range = est ? `, starts in ~${formatDuration(est.waitMs[0])}–${formatDuration(est.waitMs[1])}` : '';
  return `queued: place ${view.position} in line${range}`;
}

function prefix(name: string, several: boolean): string {
  return several ? `[${name}] ` : '';
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    return count === 1 ? n : `${n}-${count}`;
  });
}

/** `--out <dir>`: each run's output files, run.json and run.log under <dir>/<project name>/ (unique names). */
async function copyOut(
  engine: Engine,
  records: JobRecord[],
  jobs: Map<string, { name: string }>,
  outDir: string,
  say: (s: string) => void,
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const taken = new Set(await readdir(outDir));
  for (const record of records) {
    const base = (jobs.get(record.jobId)?.name ?? record.project.name).replace(/[^\w.-]+/g, '_') || 'project';
    let name = base;
    for (let i = 2; taken.has(name); i += 1) name = `${base}-${i}`;
    taken.add(name);
    const dest = join(outDir, name);
    const runDir = engine.runs.runDir(record.jobId);
    await mkdir(dest, { recursive: true });
    for (const file of ['run.json', 'run.log']) await cp(join(runDir, file), join(dest, file)).catch(() => undefined);
    for (const produced of record.filesProduced) {
      await cp(join(runDir, produced.path), join(dest, produced.path), { verbatimSymlinks: true }).catch(() => undefined);
    }
    say(`results of ${name}: ${dest}`);
  }
}
