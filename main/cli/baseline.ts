import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import type { ComparedProblem } from '../../shared/compare';
import type { Diagnostic, Severity } from '../../shared/diagnostics';
import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/jobs';
import { compareProblems, fingerprintRun, FINGERPRINT_KEY, splitFingerprint, type FingerprintedProblems } from '../results/compare';
import { readDiagnostics } from '../registry';
import type { Engine } from '../services/engine';
import { EXIT, exitCodeForStatus, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { problemLine } from './compare';
import type { SarifBaseline } from './format/sarif';

/**
 * `hapyy run … --baseline <run id | SARIF file>`: every problem of the new run is marked new or unchanged against
 * the baseline (and the baseline's fixed ones listed), and the exit code says 1 only when there are new problems,
 * so a team can adopt a tool on an old code base without fixing everything first.
 */

/** What one run's problems are against the baseline; kept per job for the SARIF writer (`baselineState`). */
export interface BaselineOutcome {
  jobId: string;
  baseline: string;
  new: ComparedProblem[];
  fixed: ComparedProblem[];
  unchanged: ComparedProblem[];
}

export interface BaselineJudge {
  /** The run's exit code with the baseline applied (see `judge`). */
  judge(name: string, record: JobRecord): Promise<ExitCode>;
  outcome(jobId: string): BaselineOutcome | undefined;
}

/** A run id in the data folder's history, or else a SARIF file (a path that exists). */
export async function loadBaseline(engine: Engine, spec: string, resolvePath: (p: string) => string): Promise<FingerprintedProblems> {
  const path = resolvePath(spec);
  const isFile = await stat(path).then((s) => s.isFile(), () => false);
  if (isFile) return readSarifBaseline(path);
  const record = engine.queue.list().find((r) => r.jobId === spec);
  if (!record) throw new AppError('invalid-input', `--baseline: “${spec}” is neither a run in the history (\`hapyy history\`) nor a SARIF file.`);
  if (record.diagnostics === null) throw new AppError('invalid-input', `--baseline: run ${spec} has no list of problems to compare with.`);
  const runDir = engine.runs.runDir(record.jobId);
  return fingerprintRun(runDir, await readDiagnostics(runDir));
}

export function createBaselineJudge(engine: Engine, io: CliIo, baseline: FingerprintedProblems, spec: string, json: boolean): BaselineJudge {
  const outcomes = new Map<string, BaselineOutcome>();
  return {
    outcome: (jobId) => outcomes.get(jobId),
    async judge(name, record) {
      const base = exitCodeForStatus(record.status);
      // A run that did not get as far as a list of problems (a limit, a missing engine) keeps its own exit code.
      if (record.diagnostics === null || (base !== EXIT.ok && base !== EXIT.problems)) return base;
      const runDir = engine.runs.runDir(record.jobId);
      const current = await fingerprintRun(runDir, await readDiagnostics(runDir));
      const outcome = { jobId: record.jobId, baseline: spec, ...compareProblems(baseline, current) };
      outcomes.set(record.jobId, outcome);
      if (json) io.stdout(`${JSON.stringify({ event: 'baseline', payload: outcome })}\n`);
      else io.stdout(describeOutcome(name, outcome));
      return outcome.new.length > 0 ? EXIT.problems : EXIT.ok;
    },
  };
}

function describeOutcome(name: string, o: BaselineOutcome): string {
  const lines = [`${name}: against baseline ${o.baseline}: ${o.new.length} new, ${o.fixed.length} fixed, ${o.unchanged.length} unchanged`];
  for (const p of o.new) if (p.b) lines.push(`  new: ${problemLine(p.b)}`);
  for (const p of o.fixed) if (p.a) lines.push(`  fixed: ${problemLine(p.a)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * SARIF `baselineState` for one diagnostic of a judged run ('new' | 'unchanged'), for the SARIF writer; fixed ones
 * are the outcome's `fixed` list, written as results with baselineState 'absent'.
 */
export function baselineStateOf(outcome: BaselineOutcome, d: Parameters<typeof problemLine>[0]): 'new' | 'unchanged' | null {
  const key = problemLine(d);
  if (outcome.new.some((p) => p.b && problemLine(p.b) === key)) return 'new';
  if (outcome.unchanged.some((p) => p.b && problemLine(p.b) === key)) return 'unchanged';
  return null;
}

/** The SARIF writer's view of one judged run: each finding's state, and the baseline's fixed findings as 'absent'. */
export function sarifBaseline(outcome: BaselineOutcome | undefined): SarifBaseline | undefined {
  if (!outcome) return undefined;
  return { state: (f) => baselineStateOf(outcome, f), absent: outcome.fixed.flatMap((p) => (p.a ? [p.a] : [])) };
}

// Only the parts of SARIF 2.1.0 a baseline needs; everything else in the file is ignored.
const SarifSchema = z.object({
  runs: z.array(
    z.object({
      results: z
        .array(
          z.object({
            ruleId: z.string().optional(),
            level: z.string().optional(),
            message: z.object({ text: z.string().optional() }).optional(),
            locations: z
              .array(
                z.object({
                  physicalLocation: z
                    .object({
                      artifactLocation: z.object({ uri: z.string().optional() }).optional(),
                      region: z.object({ startLine: z.number().optional(), startColumn: z.number().optional() }).optional(),
                    })
                    .optional(),
                }),
              )
              .optional(),
            partialFingerprints: z.record(z.string(), z.string()).optional(),
            baselineState: z.string().optional(),
          }),
        )
        .optional(),
    }),
  ),
});

/**
 * A SARIF file as a baseline. Results carrying our fingerprint match exactly; others (another tool's SARIF) fall
 * back to file + rule + message by nearest line. Results marked `absent` (fixed in that report) are not problems.
 */
export async function readSarifBaseline(path: string): Promise<FingerprintedProblems> {
  let parsed;
  try {
    parsed = SarifSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    throw new AppError('invalid-input', `--baseline: ${path} is not a SARIF file: ${(error as Error).message.split('\n')[0]}`);
  }
  const keyed: FingerprintedProblems['keyed'] = [];
  const fingerprints = new Map<Diagnostic, string | null>();
  for (const run of parsed.runs) {
    for (const r of run.results ?? []) {
      if (r.baselineState === 'absent') continue;
      const loc = r.locations?.[0]?.physicalLocation;
      const problem: Diagnostic = {
        file: sarifPath(loc?.artifactLocation?.uri ?? ''),
        line: Math.max(0, Math.trunc(loc?.region?.startLine ?? 0)),
        column: Math.max(0, Math.trunc(loc?.region?.startColumn ?? 0)),
        severity: sarifSeverity(r.level),
        code: r.ruleId ?? '',
        message: r.message?.text ?? '',
      };
      const fp = r.partialFingerprints?.[FINGERPRINT_KEY] ?? null;
      keyed.push({ problem, hash: fp === null ? null : splitFingerprint(fp).hash });
      fingerprints.set(problem, fp);
    }
  }
  return { keyed, fingerprints };
}

function sarifPath(uri: string): string {
  let p = uri.replace(/^file:\/\//, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    // not percent-encoded after all
  }
  return p.replace(/^\.\//, '');
}

function sarifSeverity(level: string | undefined): Severity {
  return level === 'error' ? 'error' : level === 'warning' || level === undefined ? 'warning' : 'info';
}
