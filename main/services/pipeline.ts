import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { countDiagnostics, type Diagnostic, type DiagnosticCounts } from '../../shared/diagnostics';
import { AppError } from '../../shared/errors';
import { countOf, formatCount } from '../../shared/format';
import type { RunEndStatus } from '../../shared/jobs';
import type { Settings } from '../../shared/settings';
import { copyProject, type Manifest } from '../intake';
import type { ExecuteResult, Executor, Preparer } from '../queue';
import { buildArgs, parseDiagnostics, type Registry } from '../registry';
import { scanProduced } from '../results';
import { LOG_FILE, readLogText, type Runner } from '../runner';
import { RUN_LAYOUT, runPaths } from '../store';
import type { ProjectsService } from './projects';

export const MANIFEST_FILE = RUN_LAYOUT.manifest;
export const DIAGNOSTICS_FILE = RUN_LAYOUT.diagnostics;
/** The record lists at most this many produced files (the tree view and export walk the folder itself). */
const RECORD_MAX_PRODUCED = 10_000;
/** Diagnostics are parsed from at most this much of the log (a linter's findings, not a runaway tool's output). */
const DIAGNOSTICS_LOG_BYTES = 32 * 1024 * 1024;

/** Intake's copy into the run folder, before the job enters the queue. */
export function createPreparer(projects: ProjectsService): Preparer {
  return async (record, runDir, signal) => {
    const project = await projects.forRecord(record.project);
    if (signal.aborted) throw new AppError('cancelled');
    const manifest = await copyProject(project, runPaths(runDir).input, { signal });
    await writeFile(join(runDir, MANIFEST_FILE), JSON.stringify(manifest));
  };
}

/** One run: resolve the engine, spawn under limits, then collect produced files and diagnostics. */
export function createExecutor(registry: Registry, runner: Runner, settings: () => Settings): Executor {
  return async (record, ctx) => {
    let resolved;
    try {
      // A job can reach a slot before the first engine detection has finished (a submit right after start-up).
      await registry.ready(record.toolId);
      resolved = registry.resolve(record.toolId);
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'The tool is not available.';
      return { status: 'error', message, engine: null };
    }
    const { input: inputDir, output: outputDir } = runPaths(ctx.runDir);
    const args = [...resolved.argsPrefix, ...(await buildArgs(resolved.engine, inputDir, outputDir))];
    const current = settings();
    const limits = { ...current.limits, ...(current.tools[record.toolId]?.limits ?? {}) };
    const outcome = await runner.runTool({
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

    const notes: string[] = [];
    const manifest = await readManifest(ctx.runDir);
    if (!manifest) {
      notes.push('The list of copied project files could not be read, so only files in output/ are listed as produced; changes the tool made to its copy of the project are not listed (the run folder has them).');
    }
    const produced = await scanProduced(ctx.runDir, manifest ?? { files: [], bytes: 0 }, { maxFiles: RECORD_MAX_PRODUCED, outputOnly: !manifest });
    const filesProduced = produced.files;
    if (produced.truncated) {
      notes.push(`The tool produced more than ${countOf(RECORD_MAX_PRODUCED, 'file')}; the record lists the first ${formatCount(RECORD_MAX_PRODUCED)}, and the results tree and export show them all.`);
    }
    const diagnostics = await collectDiagnostics(ctx.runDir, resolved.engine.diagnostics, inputDir);
    const counts = diagnostics ? countDiagnostics(diagnostics) : null;

    const status = statusWithFindings(outcome.status, counts);
    return {
      status,
      engine: resolved.info,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      durationMs: outcome.durationMs,
      outputLines: outcome.outputLines,
      outputBytes: outcome.outputBytes,
      truncated: outcome.truncated,
      peakMemoryBytes: outcome.peakMemoryBytes,
      protections: outcome.protections,
      filesProduced,
      diagnostics: counts,
      message: explain(status, outcome.message, counts),
      systemError: outcome.systemError,
      notes,
    } satisfies ExecuteResult;
  };
}

/** Intake's manifest, or null when it cannot be read (the run then says what that means: see the note above). */
async function readManifest(runDir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(runDir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return null;
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

/**
 * A run that ended on its own and reported findings found problems: that is the tool doing its job (a linter exits
 * non-zero exactly then), not a failure. Without findings a non-zero exit stays `failed`.
 */
function statusWithFindings(status: RunEndStatus, counts: DiagnosticCounts | null): RunEndStatus {
  const total = counts ? counts.error + counts.warning + counts.info : 0;
  return (status === 'completed' || status === 'failed') && total > 0 ? 'problems' : status;
}

function explain(status: RunEndStatus, runnerMessage: string, counts: DiagnosticCounts | null): string {
  if (!counts) return runnerMessage;
  const total = counts.error + counts.warning + counts.info;
  if (status === 'completed' && total === 0) return 'The tool finished and found no problems.';
  if (status === 'problems') {
    const parts = [
      counts.error && countOf(counts.error, 'error'),
      counts.warning && countOf(counts.warning, 'warning'),
      counts.info && countOf(counts.info, 'note'),
    ].filter(Boolean);
    return `The tool found ${countOf(total, 'problem')} (${parts.join(', ')}).`;
  }
  return runnerMessage;
}
