import type { AppErrorShape, ErrorCode } from '../../shared/errors';
import type { CompareOpened, FileDiff, FilePage, ProblemPage, ProblemState } from '../../shared/compare';
import type { CompareStep } from '../results/compare';
import type { RunRef } from './held';

/** What the main thread asks the compare worker, and what each answer carries (one id per request). */
export interface WorkerCalls {
  open: { args: [a: RunRef, b: RunRef]; value: CompareOpened };
  problems: { args: [compareId: string, state: ProblemState, offset: number, limit?: number]; value: ProblemPage };
  files: { args: [compareId: string, offset: number, limit?: number]; value: FilePage };
  diff: { args: [compareId: string, path: string]; value: FileDiff };
}
export type WorkerOp = keyof WorkerCalls;

export interface WorkerRequest {
  id: number;
  op: WorkerOp;
  args: unknown[];
}

export type WorkerReply =
  /** A step of an `open` under way (sent before its answer, in order). */
  | { id: number; step: CompareStep }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: AppErrorShape & { code: ErrorCode } };
