import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/jobs';
import type { ProjectSummary } from '../../shared/projects';
import type { ToolDef } from '../../shared/tools';
import { Jobs, type Client } from '../jobs';
import type { Engine } from '../services/engine';
import { exitCodeForError } from './error-exit';
import { EXIT, exitCodeForStatus, worst, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import type { BaselineJudge } from './baseline';
import { JobTracker } from './job-tracker';
import { projectPathNamer } from './format/findings';
import { createReporter, type OutputFormat, type Reporter } from './report';

// --baseline (compare code), --sarif and --out (results code) are loaded only when asked for: a plain run's start
// does not pay for them.

export interface RunOptions {
  toolId: string;
  paths: string[];
  json: boolean;
  format?: OutputFormat;
  raw?: boolean;
  /** Where to write SARIF 2.1.0, absolute. */
  sarif?: string;
  /** Where the user stands: paths in output are relative to it when they can be. */
  cwd?: string;
  /** Hapyy's own version, for the SARIF file. */
  version?: string;
  out?: string;
  timeoutSec?: number;
  /** One invocation is one client: the per-client limits apply to it as to one app window. */
  clientId: string;
  /** Aborted on SIGINT/SIGTERM: every job is cancelled, every tree ended. */
  signal: AbortSignal;
  /**
   * `--baseline`: decides a finished run's exit code (1 only for new problems) and keeps each run's outcome, which
   * the SARIF writer reads (`baseline.outcome(jobId)`, `baselineStateOf`) to set each result's `baselineState`.
   */
  baseline?: BaselineJudge;
}

const ABORTED = Symbol('aborted');

/**
 * `hapyy run`: opens every path through intake and queues them all (the queue's concurrency, default one per
 * core), printing each job's place in line and estimate, its output live, then a summary. When the per-client limit
 * of active jobs is reached, the next project waits for one of this invocation's jobs to end instead of failing.
 */
export async function runCommand(engine: Engine, io: CliIo, opts: RunOptions): Promise<ExitCode> {
  // Each project's path as the user gave it and its kind, by display name: how its files are named in output.
  const projects = new Map<string, { path: string; kind: string }>();
  const report = createReporter(io, {
    json: opts.json,
    several: opts.paths.length > 1,
    format: opts.format ?? 'human',
    raw: opts.raw ?? false,
    runDir: (jobId) => engine.runs.runDir(jobId),
    pathFor: (name) => {
      const p = projects.get(name);
      return p ? projectPathNamer(p.path, p.kind, opts.cwd ?? process.cwd()) : (file) => file;
    },
  });
  // The tool list comes from the settings alone: an unknown tool is refused before anything is probed or opened.
  const tool = engine.registry.tools().find((t) => t.id === opts.toolId);
  if (!tool) {
    report.note(null, `hapyy: there is no tool called “${opts.toolId}”; \`hapyy tools\` lists them.`);
    return EXIT.usage;
  }
  // The sandbox's one-time probe (bubblewrap, cgroups; memoised by the runner) overlaps engine detection and intake
  // instead of delaying the first run's start.
  engine.protections().catch(() => undefined);
  // Only this tool's engine is probed, not every tool's. The first project's intake scan overlaps the probe (a fresh
  // data folder's `--version` in the sandbox); nothing is submitted before the tool is known to be available.
  const first = opts.paths[0] !== undefined ? startOpen(engine, opts.paths[0]) : undefined;
  const unopen = async () => {
    if (!first) return;
    engine.projects.cancelScan(first.scanId);
    await first.summary.catch(() => undefined);
  };
  try {
    await engine.registry.detect([tool.id]);
    engine.registry.resolve(tool.id);
  } catch (error) {
    await unopen();
    if (!(error instanceof AppError) || error.code !== 'unavailable') throw error;
    report.note(null, `hapyy: ${error.message}`);
    return EXIT.unavailable;
  }
  const jobs = new Jobs(engine);
  // One invocation is one client; it sees every run in its data folder.
  const client: Client = { clientId: opts.clientId, canSee: () => true };
  const limit = jobs.timeLimit(tool.id, opts.timeoutSec);
  if (limit.cappedFrom !== null) {
    report.note(null, `hapyy: --timeout ${limit.cappedFrom} is above ${tool.name}'s maximum of ${limit.sec} s; using ${limit.sec} s.`);
  }

  const codes: ExitCode[] = [];
  const tracker = new JobTracker(engine.queue, opts.clientId, opts.signal, report);
  try {
    const names = displayNames(opts.paths);
    for (const [i, path] of opts.paths.entries()) {
      if (opts.signal.aborted) {
        // Stopped before the first project was awaited: its scan ends here, not during the engine's shutdown.
        if (i === 0) await unopen();
        break;
      }
      const name = names[i] ?? path;
      const opening = i === 0 && first ? first : startOpen(engine, path);
      const code = await submitOne(engine, jobs, client, tracker, report, opts, { tool, path, name, opening }, (kind) => projects.set(name, { path, kind }));
      if (code !== null) codes.push(code);
    }
    await tracker.settled();
  } finally {
    tracker.dispose();
  }
  await report.flush();

  const tracked = tracker.list();
  const rows: { name: string; record: JobRecord; outDir?: string }[] = [];
  for (const job of tracked) {
    codes.push(opts.baseline ? await opts.baseline.judge(job.name, job.record) : exitCodeForStatus(job.record.status));
    const row = { name: job.name, record: job.record };
    if (opts.out === undefined) rows.push(row);
    else rows.push({ ...row, outDir: await copyOut(engine, report, job.name, job.record, opts.out) });
  }
  if (opts.signal.aborted) codes.push(EXIT.interrupted);
  if (opts.sarif !== undefined) {
    const [{ writeSarif }, { sarifBaseline }] = await Promise.all([import('./sarif-file'), import('./baseline')]);
    const sarifJobs = tracked.map((job) => ({
      record: job.record,
      findings: report.findings(job.jobId),
      project: projects.get(job.name),
      baseline: sarifBaseline(opts.baseline?.outcome(job.jobId)),
    }));
    const written = await writeSarif(opts.sarif, sarifJobs, opts.version ?? 'unknown');
    if (written !== null) {
      report.note(null, `hapyy: the SARIF file could not be written to ${opts.sarif}: ${written}`);
      codes.push(EXIT.usage);
    }
  }
  report.summary(rows);
  for (const row of rows) for (const n of row.record.notes) report.note(row.name, `note: ${n}`);
  await warnUnprotected(engine, report, rows.map((r) => r.record));
  return worst(codes);
}

/** A project's intake scan, started (and cancellable by its id) before its result is awaited. */
interface Opening {
  scanId: string;
  summary: Promise<ProjectSummary>;
}

function startOpen(engine: Engine, path: string): Opening {
  const scanId = randomUUID();
  // Copied while it is scanned when this process runs the job: the job takes that copy instead of making its own.
  const summary = engine.projects.openPath(path, { scanId, copyNow: engine.runsHere });
  // Observed where it is awaited; this keeps an early return (tool unavailable, Ctrl-C) from an unhandled rejection.
  summary.catch(() => undefined);
  return { scanId, summary };
}

/** Intake, then submit (waiting for a slot at the per-client limit). Null when a job was queued. */
async function submitOne(
  engine: Engine,
  jobs: Jobs,
  client: Client,
  tracker: JobTracker,
  report: Reporter,
  opts: RunOptions,
  job: { tool: ToolDef; path: string; name: string; opening: Opening },
  onOpened: (kind: string) => void,
): Promise<ExitCode | null> {
  const { name } = job;
  const { scanId } = job.opening;
  let summary;
  try {
    summary = await untilAborted(job.opening.summary, opts.signal, () => engine.projects.cancelScan(scanId));
  } catch (error) {
    report.note(name, `${job.path}: ${(error as Error).message}`);
    return exitCodeForError(error);
  }
  if (summary === ABORTED) return EXIT.interrupted;
  onOpened(summary.kind);
  for (const warning of summary.warnings) report.note(name, `warning: ${warning}`);

  const request = {
    projectId: summary.projectId,
    toolId: job.tool.id,
    priority: 'batch' as const,
    ...(opts.timeoutSec !== undefined ? { timeoutSec: opts.timeoutSec } : {}),
  };
  let waited = false;
  for (;;) {
    try {
      // If Ctrl-C comes during the copy into the run folder, the submit is left to finish on its own: the tracker
      // cancels its job as soon as it is queued, and the engine's shutdown stops a copy still in progress.
      const view = await untilAborted(
        tracker.submitting(name, () => jobs.submit(client, request)),
        opts.signal,
      );
      return view === ABORTED ? EXIT.interrupted : null;
    } catch (error) {
      if (!isActiveLimit(error)) {
        const limit = error instanceof AppError && error.code === 'limit' ? error.details?.limit : undefined;
        // Waiting could take up to an hour; say how to lift the limit for a batch instead.
        const hint = limit === 'perClientHourly' ? ' (For a batch this large, set queue.perClientHourly to 0 in a --config file.)' : '';
        report.note(name, `${(error as Error).message}${hint}`);
        return exitCodeForError(error);
      }
      if (!waited) report.note(name, `waiting for a slot: ${(error as Error).message}`);
      waited = true;
      await tracker.nextEnd();
      if (opts.signal.aborted) return EXIT.interrupted;
    }
  }
}

const isActiveLimit = (error: unknown): boolean =>
  error instanceof AppError && error.code === 'limit' && error.details?.limit === 'perClientActive';

/** The value of `promise`, or ABORTED as soon as the signal fires (the promise is then left to settle unobserved). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T | typeof ABORTED> {
  promise.catch(() => undefined);
  if (signal.aborted) {
    onAbort?.();
    return Promise.resolve(ABORTED);
  }
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      resolve(ABORTED);
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** A run without the sandbox says so, with the reason (setting, platform, bubblewrap missing), every time. */
async function warnUnprotected(engine: Engine, report: Reporter, records: JobRecord[]): Promise<void> {
  const ran = records.filter((r) => r.engine !== null && r.startedAt !== null);
  if (ran.length === 0 || ran.every((r) => r.protections.includes('bubblewrap'))) return;
  const bwrap = (await engine.protections()).find((p) => p.id === 'bubblewrap');
  const why = bwrap && !bwrap.active ? ` ${bwrap.detail.replace(/^Not in force: /, '')}` : '';
  report.note(null, `hapyy: warning: not sandboxed — the tool could use the network and write wherever you can.${why}`);
}

/** Each path's last component, made unique (`src`, `src-2`) so prefixes and --out folders tell them apart. */
export function displayNames(paths: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return paths.map((p) => {
    const base = basename(p.replace(/[\\/]+$/, '')) || p;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}

/** Named after the project (`same`, then `same-2`… as claimFolder finds them taken), not the display name. */
async function copyOut(engine: Engine, report: Reporter, name: string, record: JobRecord, outDir: string): Promise<string | undefined> {
  try {
    const { claimFolder, copyRunResults } = await import('./out-dir');
    const dest = await claimFolder(outDir, record.project.name);
    const failures = await copyRunResults(engine.runs.runDir(record.jobId), record, dest);
    for (const f of failures) report.note(name, `not copied to ${dest}: ${f}`);
    return dest;
  } catch (error) {
    report.note(name, `results could not be copied to ${outDir}: ${(error as Error).message}`);
    return undefined;
  }
}
