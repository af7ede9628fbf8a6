import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { countOf, formatCount } from '../../shared/format';
import type { JobRecord } from '../../shared/jobs';
import type { Settings } from '../../shared/settings';
import { copyProject, engineContextMounts, placeEngineContext, type Manifest } from '../intake';
import type { ExecuteResult, Executor, Preparer } from '../queue';
import { commandLine, concludeRun, findWorkDir, reportPathFor, unpassableNote, type Registry } from '../registry';
// The one module, not the results index: a run does not load the zip export and preview code.
import { scanProduced } from '../results/produced';
import type { Runner } from '../runner';
import { RUN_LAYOUT, runPaths } from '../store';
import type { ProjectsService } from './projects';

export const MANIFEST_FILE = RUN_LAYOUT.manifest;
/** The record lists at most this many produced files (the tree view and export walk the folder itself). */
const RECORD_MAX_PRODUCED = 10_000;

/** A watch's run gets its input from the watch's own up-to-date copy; null: not a watch's run. */
export type WatchInput = (record: JobRecord, inputDir: string, signal: AbortSignal) => Promise<Manifest | null>;

/** Intake's copy into the run folder, before the job enters the queue. */
export function createPreparer(projects: ProjectsService, watchInput?: WatchInput): Preparer {
  return async (record, runDir, signal) => {
    const fromWatch = watchInput ? await watchInput(record, runPaths(runDir).input, signal) : null;
    const manifest = fromWatch ?? (await copyFromProject(projects, record, runDir, signal));
    await writeFile(join(runDir, MANIFEST_FILE), JSON.stringify(manifest));
  };
}

async function copyFromProject(projects: ProjectsService, record: JobRecord, runDir: string, signal: AbortSignal): Promise<Manifest> {
  const project = await projects.forRecord(record.project);
  if (signal.aborted) throw new AppError('cancelled');
  // A project opened for this run (`hapyy run <path>`) was copied while it was scanned: that copy becomes the input.
  const early = await projects.takeCopy(record.project, runPaths(runDir).input);
  if (early) {
    await placeEngineContext(project.engineContext, runDir);
    return early;
  }
  return copyProject(project, runPaths(runDir).input, { signal });
}

/** One run: resolve the engine, spawn under limits, then collect produced files and findings and judge the run. */
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
    const reportFile = reportPathFor(ctx.runDir);
    let cwd: string | undefined;
    if (resolved.engine.workDirWith) {
      const found = await findWorkDir(inputDir, resolved.engine.workDirWith);
      if (!found) {
        return {
          status: 'error',
          engine: resolved.info,
          message: `${resolved.info.name} runs in the folder holding ${resolved.engine.workDirWith}, and the project has none.`,
        };
      }
      cwd = found;
    }
    const line = await commandLine(resolved, inputDir, outputDir, reportFile, { cppStandard: settings().tools[record.toolId]?.cppStandard });
    const { reportUsed } = line;
    if (reportUsed) await mkdir(dirname(reportFile), { recursive: true });
    const current = settings();
    const limits = { ...current.limits, ...(current.tools[record.toolId]?.limits ?? {}) };
    const outcome = await runner.runTool({
      jobId: record.jobId,
      runDir: ctx.runDir,
      command: line.command,
      args: line.args,
      ...(cwd ? { cwd } : {}),
      env: resolved.env,
      timeoutMs: record.timeoutSec * 1000,
      limits,
      sandbox: current.sandbox,
      extraReadOnly: await engineContextMounts(ctx.runDir),
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
    const verdict = await concludeRun({
      runDir: ctx.runDir,
      inputDir,
      cwd,
      engine: resolved.engine,
      engineName: resolved.info.name,
      reportUsed,
      runner: { status: outcome.status, message: outcome.message, exitCode: outcome.exitCode, signal: outcome.signal, stopped: outcome.stopped ?? false },
      filesProduced,
    });

    return {
      status: verdict.status,
      engine: resolved.info,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      durationMs: outcome.durationMs,
      outputLines: outcome.outputLines,
      outputBytes: outcome.outputBytes,
      truncated: outcome.truncated,
      peakMemoryBytes: outcome.peakMemoryBytes,
      protections: outcome.protections,
      sandboxExposed: outcome.sandboxExposed,
      filesProduced,
      diagnostics: verdict.counts,
      diagnosticsProblem: verdict.diagnosticsProblem,
      message: verdict.message + unpassableNote(line),
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
