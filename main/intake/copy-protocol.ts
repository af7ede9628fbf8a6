/**
 * What the main thread and the copy threads (copy-pool.ts ↔ copy-worker.ts) say to each other. Types and the shared
 * memory layout only, so the thread's entry loads no more than it needs.
 */
import type { HandleCheck } from './source-file';
import type { ManifestEntry } from './types';

/** Sent to each thread at the start of a copy, before its batches (a thread is kept for later copies: copy-pool.ts). */
export interface CopyThreadSetup {
  /** Real path of the project root: every opened file must be below it. */
  root: string;
  /** The run's input folder, made with every subfolder before the threads start. */
  dest: string;
  check: HandleCheck;
  umask: number | null;
  fileBytes: number;
  totalBytes: number;
  /** SHARED_BYTES long: the running byte total (BigInt64 at TOTAL_AT) and the stop flag (Int32 at STOP_AT). */
  shared: SharedArrayBuffer;
}

export const SHARED_BYTES = 16;
/** BigInt64Array index of the bytes counted so far, across all threads (the total-bytes limit is checked on it). */
export const TOTAL_AT = 0;
/** Int32Array index of the stop flag: not 0 once the main thread wants every thread to stop (cancel, a failure). */
export const STOP_AT = 2;

export type CopyPlace = Pick<ManifestEntry, 'path' | 'rawPath'>;

/** Files `first` … `first + files.length - 1` of the manifest. */
export interface CopyBatch {
  first: number;
  files: CopyPlace[];
}

/** Why a file was not copied. Errors from the file system the thread cannot explain travel as 'error'. */
export type CopyFailure =
  | { kind: 'missing' | 'denied' | 'outside' | 'not-regular' | 'size-changed' }
  | { kind: 'file-too-large'; size: number }
  | { kind: 'too-many-bytes'; total: number }
  | { kind: 'error'; message: string; code: string | undefined };

export type CopyMessage = { setup: CopyThreadSetup } | CopyBatch;

export type CopyReply =
  /** The batch is copied: size, mode and mtimeMs of each file's source fstat, three numbers a file. */
  | { first: number; done: Float64Array }
  /** Stopped at file `at` (a manifest index) for `failure`. */
  | { first: number; at: number; failure: CopyFailure }
  /** The stop flag was seen: what the batch had copied stays for the main thread to remove. */
  | { first: number; stopped: true };
