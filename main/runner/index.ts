/**
 * The runner: runs one tool's CLI in a private workspace under hard limits, streams its output, and ends every
 * process it started. Plain Node (no electron). See tool-run.ts for the life of one run.
 */
import { createRunner } from './runner';

export type { RunRequest, RunOutcome } from './types';
export type { Runner, DetectProtectionsOptions } from './runner';
export type { RunnerDeps } from './deps';
export { createRunner } from './runner';
export { LOG_FILE, readLogTail, readLogText, formatLogRecord, parseLogRecord } from './run-log';
export { JOB_MARKER } from './env';
export { PROTECTION } from './protections';
export { MAX_LINE_CHARS } from './line-splitter';

/** The app's runner, with the real machine behind it. */
const defaultRunner = createRunner();

export const runTool = defaultRunner.runTool;
export const detectProtections = defaultRunner.detectProtections;
export const killLeftovers = defaultRunner.killLeftovers;
export const endAllRuns = defaultRunner.endAllRuns;
export const wrapProbe = defaultRunner.wrapProbe;
