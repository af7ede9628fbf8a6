import type { ProducedFile, RunEndStatus } from '../../../shared/jobs';
import { collectFindings, type FindingsSource } from './collect';
import { hollowFiles } from './hollow-output';
import { judgeRun, type Verdict } from './outcome';
import { writeDiagnostics } from './store';

export interface FinishedRun extends FindingsSource {
  runner: { status: RunEndStatus; message: string; exitCode: number | null; signal: string | null; stopped: boolean };
  filesProduced: readonly ProducedFile[];
}

/**
 * After the process tree is gone: read every finding (kept in diagnostics.json beside the record), then decide
 * the run's status and sentence (see judgeRun).
 */
export async function concludeRun(run: FinishedRun): Promise<Verdict> {
  const collected = await collectFindings({
    runDir: run.runDir,
    inputDir: run.inputDir,
    cwd: run.cwd,
    engine: run.engine,
    engineName: run.engineName,
    reportUsed: run.reportUsed,
  });
  let parseProblem = collected.problem;
  if (collected.diagnostics) {
    try {
      await writeDiagnostics(run.runDir, collected.diagnostics);
    } catch (e) {
      parseProblem = [parseProblem, `the findings could not be saved (${(e as Error).message})`].filter(Boolean).join('; ');
    }
  }
  // Only a transpiler's files are read, and only to tell boilerplate from code.
  const hollow = run.engine.requireOutput ? await hollowFiles(run.runDir, run.filesProduced) : undefined;
  return judgeRun({
    engineName: run.engineName,
    engine: run.engine,
    runnerStatus: run.runner.status,
    runnerMessage: run.runner.message,
    stopped: run.runner.stopped,
    exitCode: run.runner.exitCode,
    signal: run.runner.signal,
    diagnostics: collected.diagnostics,
    parseProblem,
    crash: collected.crash,
    lastStderr: collected.lastStderr,
    filesProduced: run.filesProduced,
    hollowFiles: hollow,
  });
}
