/**
 * The runner: runs one tool's CLI in a private workspace under hard limits, streams its output, and ends every
 * process it started. Plain Node (no electron). See tool-run.ts for the life of one run.
 *
 * There is no runner made at import: the composition root makes one (`createRunner()`) and passes it on, so two
 * engines in one process never share (or shut down) each other's runs.
 */
export type { RunRequest, RunOutcome } from './types';
export type { Runner, DetectProtectionsOptions } from './runner';
export type { RunnerDeps, FacilitiesCache } from './deps';
export type { Facilities } from './facilities';
export { createRunner } from './runner';
export { LOG_FILE, readLogOutput, readLogPieces, readLogTail, readLogText, formatLogRecord, parseLogRecord, type LogPiece } from './run-log';
export { JOB_MARKER } from './env';
export { PROTECTION } from './protections';
export { MAX_LINE_CHARS } from './line-splitter';
