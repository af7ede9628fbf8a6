import type { z } from 'zod';
import {
  CHANNELS,
  PRELOAD_CHANNELS,
  type ChannelName,
  type ChannelResponse,
  type Channels,
  type PreloadChannelName,
  type PreloadChannels,
} from '../../shared/contract';
import { AppError, type AppErrorShape, type Result } from '../../shared/errors';

/** Who is calling. The Electron adapter fills it from the IPC event; the E2E bridge and tests fill it themselves. */
export interface Caller {
  clientId: string;
  /** URL of the frame that sent the message. */
  url: string;
  /** False for iframes: only the top-level frame of the app's own page may call. */
  topFrame: boolean;
}

export type Handler<C extends ChannelName> = (
  request: z.infer<Channels[C]['request']>,
  caller: Caller,
) => Promise<ChannelResponse<C>> | ChannelResponse<C>;
export type Handlers = { [C in ChannelName]: Handler<C> };
export type PreloadHandlers = {
  [C in PreloadChannelName]: (
    request: z.infer<PreloadChannels[C]['request']>,
    caller: Caller,
  ) => Promise<z.infer<PreloadChannels[C]['response']>> | z.infer<PreloadChannels[C]['response']>;
};

type Table = Record<string, { request: z.ZodType; response: z.ZodType }>;
type AnyHandlers = Record<string, (req: unknown, caller: Caller) => unknown>;

export interface RouterOptions {
  /** Decides whether a sender may call at all (app origin, top frame). */
  trustSender: (caller: Caller) => boolean;
  /** Parse responses too: on in tests, so a handler drifting from the contract fails loudly. */
  validateResponses?: boolean;
  onInternalError?: (channel: string, error: unknown) => void;
}

const MAX_ISSUES = 3;

/**
 * Channel → handler, with validation on the way in. It never throws across the boundary: every outcome is a
 * `Result`, and anything unexpected becomes `internal` without leaking a stack trace to the page.
 */
export class Router {
  constructor(
    private readonly handlers: Handlers,
    private readonly options: RouterOptions,
    private readonly preloadHandlers: PreloadHandlers,
  ) {}

  /** A channel of `window.hapyy` (CHANNELS). */
  handle(channel: unknown, payload: unknown, caller: Caller): Promise<Result<unknown>> {
    return this.dispatch(CHANNELS, this.handlers as unknown as AnyHandlers, channel, payload, caller);
  }

  /** A channel only the preload calls (PRELOAD_CHANNELS); kept apart so no page request can reach one. */
  handlePreload(channel: unknown, payload: unknown, caller: Caller): Promise<Result<unknown>> {
    return this.dispatch(PRELOAD_CHANNELS, this.preloadHandlers as unknown as AnyHandlers, channel, payload, caller);
  }

  private async dispatch(table: Table, handlers: AnyHandlers, channel: unknown, payload: unknown, caller: Caller): Promise<Result<unknown>> {
    try {
      if (!this.options.trustSender(caller)) {
        return failure(new AppError('forbidden', 'This sender may not call Hapyy.'));
      }
      const handler = typeof channel === 'string' && Object.hasOwn(table, channel) ? handlers[channel] : undefined;
      const schemas = typeof channel === 'string' && handler ? table[channel] : undefined;
      if (!handler || !schemas) return failure(new AppError('invalid-input', 'Unknown request.'));
      const parsed = schemas.request.safeParse(payload ?? {});
      if (!parsed.success) return failure(new AppError('invalid-input', describeIssues(parsed.error)));
      const value = await handler(parsed.data, caller);
      if (this.options.validateResponses) schemas.response.parse(value);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return failure(error);
      this.options.onInternalError?.(String(channel), error);
      return failure(new AppError('internal'));
    }
  }
}

function failure(error: AppError): { ok: false; error: AppErrorShape } {
  return { ok: false, error: error.toShape() };
}

/** A short, bounded description of what was wrong; never echoes the (possibly huge) input back. */
function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : 'request';
    return `${where}: ${issue.message.slice(0, 200)}`;
  });
  const more = error.issues.length > MAX_ISSUES ? ` (and ${error.issues.length - MAX_ISSUES} more)` : '';
  return `The request was not understood — ${parts.join('; ')}${more}.`;
}

/** The app's page is served from app://hapyy/; in development, from the Vite dev server. */
export function appOriginPolicy(allowedOrigins: readonly string[]): (caller: Caller) => boolean {
  return (caller) => {
    if (!caller.topFrame) return false;
    let origin: string;
    try {
      const url = new URL(caller.url);
      // URL.origin is "null" for custom schemes; compare scheme + host instead.
      origin = `${url.protocol}//${url.host}`;
    } catch {
      return false;
    }
    return allowedOrigins.includes(origin);
  };
}

export const APP_ORIGIN = 'app://hapyy';
