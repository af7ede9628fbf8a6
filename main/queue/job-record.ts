import { RUNNING_MESSAGE, WAITING_MESSAGE, type JobRecord, type JobStatus, type RunEndStatus } from '../../shared/jobs';
import { JobRecordSchema } from '../../shared/wire/jobs';
import { describeProblems, problemsOf } from '../store/zod-issues';
import type { ExecuteResult, JobSpec } from './types';

/** What the user reads when the executor gave no message of its own. */
const END_MESSAGES: Record<RunEndStatus, string> = {
  completed: 'The tool finished.',
  problems: 'The tool found problems.',
  failed: 'The tool reported a failure.',
  timeout: 'The tool ran past its time limit and was stopped.',
  cancelled: 'Cancelled.',
  'output-limit': 'The tool wrote more output than allowed and was stopped.',
  'memory-limit': 'The tool used more memory than allowed and was stopped.',
  'process-limit': 'The tool started more processes than allowed and was stopped.',
  'write-limit': 'The tool wrote more to its run folder than allowed and was stopped.',
  error: 'The run failed inside Hapyy.',
};
const END_STATUSES = new Set<JobStatus>(Object.keys(END_MESSAGES) as RunEndStatus[]);
export const isRunEnd = (s: unknown): s is RunEndStatus => typeof s === 'string' && END_STATUSES.has(s as JobStatus);


export function newRecord(spec: JobSpec, jobId: string, now: number): JobRecord {
  return {
    jobId,
    clientId: spec.clientId,
    toolId: spec.toolId,
    toolName: spec.toolName,
    project: spec.project,
    priority: spec.priority,
    status: 'queued',
    engine: null,
    timeoutSec: spec.timeoutSec,
    queuedAt: now,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    exitCode: null,
    signal: null,
    outputLines: 0,
    outputBytes: 0,
    truncated: false,
    filesProduced: [],
    diagnostics: null,
    peakMemoryBytes: null,
    protections: [],
    message: WAITING_MESSAGE,
    systemError: null,
    rerunOf: spec.rerunOf ?? null,
    notes: [],
    ...(spec.watchId !== undefined ? { watchId: spec.watchId } : {}),
  };
}

export const specOf = (r: JobRecord): JobSpec => ({
  clientId: r.clientId,
  toolId: r.toolId,
  toolName: r.toolName,
  project: r.project,
  priority: r.priority,
  timeoutSec: r.timeoutSec,
  rerunOf: r.rerunOf,
});

export const startRecord = (r: JobRecord, now: number): JobRecord => ({ ...r, status: 'running', startedAt: now, message: RUNNING_MESSAGE });

export const cancelWaitingRecord = (r: JobRecord, now: number, message = 'Cancelled before it started.'): JobRecord => ({
  ...r,
  status: 'cancelled',
  finishedAt: now,
  message,
});

/** A job that was waiting or running when the app died. When it ended is not known, so finishedAt stays null. */
export const interruptRecord = (r: JobRecord): JobRecord => ({
  ...r,
  status: 'interrupted',
  message: `Hapyy closed while this job was ${r.status === 'running' ? 'running' : 'waiting'}.`,
});

/**
 * Merges the executor's result into the running record. The queue owns identity, request and times; the executor
 * owns the outcome. Its durationMs (the process's own run time) is kept when given. A result that would make an
 * invalid record becomes status 'error' with the reason in systemError, so the record is never lost.
 */
export function finishRecord(running: JobRecord, result: ExecuteResult, now: number): JobRecord {
  const startedAt = running.startedAt ?? now;
  const measured = typeof result.durationMs === 'number' && Number.isFinite(result.durationMs) && result.durationMs >= 0;
  const durationMs = measured ? (result.durationMs as number) : Math.max(0, now - startedAt);
  const base: JobRecord = { ...running, finishedAt: now, durationMs };
  if (!isRunEnd(result.status)) {
    return { ...base, status: 'error', message: END_MESSAGES.error, systemError: `The executor returned status ${String(result.status)}.` };
  }
  const outcome: Partial<JobRecord> = {};
  for (const key of OUTCOME_KEYS) {
    if (result[key] !== undefined) (outcome as Record<string, unknown>)[key] = result[key];
  }
  const merged: JobRecord = { ...base, ...outcome, status: result.status };
  if (!merged.message || merged.message === RUNNING_MESSAGE) merged.message = END_MESSAGES[result.status];
  const parsed = JobRecordSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  return {
    ...base,
    status: 'error',
    message: END_MESSAGES.error,
    systemError: `The run's result could not be recorded: ${describeProblems(problemsOf(parsed.error))}`,
  };
}

/** Fields the executor reports; everything else on the record (identity, request, times) belongs to the queue. */
export const OUTCOME_KEYS = [
  'engine',
  'exitCode',
  'signal',
  'outputLines',
  'outputBytes',
  'truncated',
  'filesProduced',
  'diagnostics',
  'diagnosticsProblem',
  'peakMemoryBytes',
  'protections',
  'sandboxExposed',
  'message',
  'systemError',
  'notes',
] as const satisfies readonly (keyof JobRecord)[];
export type OutcomeKey = (typeof OUTCOME_KEYS)[number];
