/**
 * The component-test stand-in for main: an in-memory `window.hapyy`, built with the real bridge code
 * (shared/bridge.ts createApi) over a fake transport. Handlers answer channels; tests emit events by hand.
 * The real services behind the bridge are exercised by the lead's Chromium E2E (tests/e2e).
 */
import type { HapyyApi } from '../../shared/api';
import { createApi } from '../../shared/bridge';
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type ChannelRequest, type ChannelResponse, type EventName, type EventPayload } from '../../shared/contract';
import { AppError, type Result } from '../../shared/errors';
import { DROP_TOKEN_CHANNEL } from '../../shared/preload-channels';
import { defaultHandlers } from './fixtures';

export type Handler<C extends ChannelName> = (request: ChannelRequest<C>) => ChannelResponse<C> | Promise<ChannelResponse<C>>;
export type Handlers = { [C in ChannelName]?: Handler<C> };

export interface Call {
  channel: ChannelName;
  request: unknown;
}

export interface FakeApi {
  api: HapyyApi;
  calls: Call[];
  /** Requests made to one channel, in order. */
  callsTo<C extends ChannelName>(channel: C): ChannelRequest<C>[];
  /** Replaces how one channel answers (throw an AppError to answer with an error). */
  handle<C extends ChannelName>(channel: C, handler: Handler<C>): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventName): number;
  /** The path pathForFile gives for a dropped file ('' = none). */
  droppedPath: string;
  /** What main answers on the preload's private drop channel: the token it would mint for that path. */
  dropToken: string;
  /** Requests on that private channel (kept apart from `calls`, which are window.hapyy's channels). */
  dropRequests: unknown[];
}

/** A promise a test resolves when it wants (a channel kept loading). */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function createFakeApi(overrides: Handlers = {}): FakeApi {
  const handlers: Handlers = { ...defaultHandlers(), ...overrides };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: Call[] = [];
  const fake: FakeApi = {
    api: undefined as unknown as HapyyApi,
    calls,
    callsTo: <C extends ChannelName>(channel: C) => calls.filter((c) => c.channel === channel).map((c) => c.request as ChannelRequest<C>),
    handle: (channel, handler) => {
      (handlers as Record<string, unknown>)[channel] = handler;
    },
    emit: (event, payload) => {
      for (const l of [...(listeners.get(event) ?? [])]) l(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    droppedPath: '/home/user/dropped-project',
    dropToken: 'drop-token-1',
    dropRequests: [],
  };
  fake.api = createApi({
    async invoke(channel: string, payload: unknown): Promise<Result<unknown>> {
      // The preload's private channel (not on window.hapyy): main would keep the path and mint a token.
      if (channel === DROP_TOKEN_CHANNEL) {
        fake.dropRequests.push(payload);
        return { ok: true, value: fake.dropToken };
      }
      calls.push({ channel: channel as ChannelName, request: payload });
      const handler = (handlers as Record<string, ((req: unknown) => unknown) | undefined>)[channel];
      if (!handler) return { ok: false, error: { code: 'internal', message: `No fake handler for ${channel}.` } };
      try {
        return { ok: true, value: await handler(payload) };
      } catch (e) {
        if (e instanceof AppError) return { ok: false, error: e.toShape() };
        throw e;
      }
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    pathForFile: () => fake.droppedPath,
  }, { channels: CHANNEL_NAMES, events: EVENT_NAMES });
  return fake;
}

/** Installs a fake as window.hapyy (the setup file removes it after each test). */
export function installFakeApi(overrides: Handlers = {}): FakeApi {
  const fake = createFakeApi(overrides);
  window.hapyy = fake.api;
  return fake;
}
