import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { countDiagnostics, type Diagnostic } from '../../shared/diagnostics';
import { AppError } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import type { JobRecord } from '../../shared/jobs';
import type { Settings } from '../../shared/settings';
import { copyProject, type Manifest } from '../intake';
import type { Executor, Preparer } from '../queue';
import { buildArgs, parseDiagnostics, type Registry } from '../registry';
import { findProduced } from '../results';
import { LOG_FILE, readLogText, runTool } from '../runner';
import type { ProjectsService } from './projects';

export const MANIFEST_FILE = 'manifest.json';
export const DIAGNOSTICS_FILE = 'diagnostics.json';
/** The record lists at most this many produced files (the tree view and export walk the folder itself). */
const RECORD_MAX_PRODUCED = 10_000;
/** Diagnostics are parsed from at most this much of the log (a linter's findings, not a runaway tool's output). */
const DIAGNOSTICS_LOG_BYTES = 32 * 1024 * 1024;

/** A watch's run gets its input from the watch's own up-to-date copy; null: not a watch's run. */
export type WatchInput = (record: JobRecord, inputDir: string, signal: AbortSignal) => Promise<Manifest | null>;

/** Intake's copy into the run folder, before the job enters the queue. */
export function createPreparer(projects: ProjectsService, watchInput?: WatchInput): Preparer {
  return async (record, runDir, signal) => {
    const fromWatch = watchInput ? await watchInput(record, join(runDir, 'input'), signal) : null;
    const manifest = fromWatch ?? (await copyFromProject(projects, record, runDir, signal));
    await writeFile(join(runDir, MANIFEST_FILE), JSON.stringify(manifest));
  };
}

async function copyFromProject(projects: ProjectsService, record: JobRecord, runDir: string, signal: AbortSignal): Promise<Manifest> {
  const project = await projects.forRecord(record.project);
  if (signal.aborted) throw new AppError('cancelled');
  return copyProject(project, join(runDir, 'input'), { signal });
}

/** One run: resolve the engine, spawn under limits, then collect produced files and diagnostics. */
export function createExecutor(registry: Registry, settings: () => Settings): Executor {
  return async (record, ctx) => {
    let resolved;
    try {
      // A job can reach a slot before the first engine detection has finished (a submit right after start-up).
      await registry.ready();
      resolved = registry.resolve(record.toolId);
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'The tool is not available.';
      return { status: 'error', message, engine: null };
    }
    const inputDir = join(ctx.runDir, 'input');
    const outputDir = join(ctx.runDir, 'output');
    const args = [...resolved.argsPrefix, ...(await buildArgs(resolved.engine, inputDir, outputDir))];
    const current = settings();
    const limits = { ...current.limits, ...(current.tools[record.toolId]?.limits ?? {}) };
    const outcome = await runTool({
      jobId: record.jobId,
      runDir: ctx.runDir,
      command: resolved.command,
      args,
      env: resolved.env,
      timeoutMs: record.timeoutSec * 1000,
      limits,
      sandbox: current.sandbox,
      signal: ctx.signal,
      onOutput: ctx.emit,
    });

    const manifest = await readManifest(ctx.runDir);
    const filesProduced = await findProduced(ctx.runDir, manifest, { maxFiles: RECORD_MAX_PRODUCED });
    const diagnostics = await collectDiagnostics(ctx.runDir, resolved.engine.diagnostics, inputDir);
    const counts = diagnostics ? countDiagnostics(diagnostics) : null;

    return {
      status: outcome.status,
      engine: resolved.info,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      startedAt: outcome.startedAt,
      finishedAt: outcome.finishedAt,
      durationMs: outcome.durationMs,
      outputLines: outcome.outputLines,
      outputBytes: outcome.outputBytes,
      truncated: outcome.truncated,
      peakMemoryBytes: outcome.peakMemoryBytes,
      protections: outcome.protections,
      filesProduced,
      diagnostics: counts,
      message: explain(outcome.status, outcome.message, counts),
      systemError: outcome.systemError,
    } satisfies Partial<JobRecord> & { status: JobRecord['status'] };
  };
}

async function readManifest(runDir: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(join(runDir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return { files: [], bytes: 0 };
  }
}

/** Parses the engine's findings from stdout in run.log and keeps them beside the record. */
async function collectDiagnostics(
  runDir: string,
  format: Parameters<typeof parseDiagnostics>[0],
  inputDir: string,
): Promise<Diagnostic[] | null> {
  if (format === 'none') return null;
  const stdout = await readStdout(join(runDir, LOG_FILE));
  const list = parseDiagnostics(format, stdout, inputDir);
  await writeFile(join(runDir, DIAGNOSTICS_FILE), JSON.stringify(list));
  return list;
}

function readStdout(logPath: string): Promise<string> {
  return readLogText(logPath, 'stdout', DIAGNOSTICS_LOG_BYTES);
}

export async function readDiagnostics(runDir: string): Promise<Diagnostic[]> {
  try {
    return JSON.parse(await readFile(join(runDir, DIAGNOSTICS_FILE), 'utf8')) as Diagnostic[];
  } catch {
    return [];
  }
}

function explain(status: JobRecord['status'], runnerMessage: string, counts: ReturnType<typeof countDiagnostics> | null): string {
  if (!counts) return runnerMessage;
  const total = counts.error + counts.warning + counts.info;
  if (status === 'completed' && total === 0) return 'The tool finished and found no problems.';
  if ((status === 'completed' || status === 'failed') && total > 0) {
    const parts = [
      counts.error && `${formatCount(counts.error)} error${counts.error === 1 ? '' : 's'}`,
      counts.warning && `${formatCount(counts.warning)} warning${counts.warning === 1 ? '' : 's'}`,
      counts.info && `${formatCount(counts.info)} note${counts.info === 1 ? '' : 's'}`,
    ].filter(Boolean);
    return `The tool found ${formatCount(total)} problem${total === 1 ? '' : 's'} (${parts.join(', ')}).`;
  }
  return runnerMessage;
}
