import { z } from 'zod';

/** The closed set of error codes that cross the IPC boundary, each with the sentence a user sees by default. */
export const ERROR_MESSAGES = {
  'invalid-input': 'The request was not understood.',
  'not-found': 'That item no longer exists.',
  forbidden: 'That item belongs to another window.',
  limit: 'A limit was reached.',
  'queue-full': 'The queue is full. Try again when a job has finished.',
  unavailable: 'That tool is not available on this machine.',
  rejected: 'The project cannot be run.',
  cancelled: 'The operation was cancelled.',
  internal: 'Something went wrong inside Hapyy. The details are in the log.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_MESSAGES) as [ErrorCode, ...ErrorCode[]]);

export const AppErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorSchema>;

/** Thrown by services; the router turns it into `{ ok: false, error }`. Anything else thrown becomes `internal`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toShape(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
