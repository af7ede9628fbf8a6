import type { ChannelName, ChannelRequest, ChannelResponse, EventName, EventPayload } from './contract';
import type { Result } from './errors';

/** `jobs:submit` → namespace `jobs`, method `submit`. */
type Namespace<C extends string> = C extends `${infer N}:${string}` ? N : never;
type Method<C extends string, N extends string> = C extends `${N}:${infer M}` ? M : never;
type Caller<C extends ChannelName> = keyof ChannelRequest<C> extends never
  ? (request?: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>
  : Record<string, never> extends ChannelRequest<C>
    ? (request?: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>
    : (request: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>;

/** `window.hapyy`: one method per channel, derived from the contract, plus event subscription. */
export type HapyyApi = {
  [N in Namespace<ChannelName>]: { [C in ChannelName as Method<C, N>]: Caller<C> };
} & {
  /** Subscribe to a main→renderer event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * A one-use token for a dropped File, to pass to `projects.open`. The preload reads the file's path and hands it to
   * main over a channel the page cannot call; the page never holds the path. An error when the item has no path.
   */
  dropToken(file: File): Promise<Result<string>>;
};

/** Splits a channel name into the API's namespace and method. */
export function splitChannel(channel: string): [string, string] {
  const i = channel.indexOf(':');
  return [channel.slice(0, i), channel.slice(i + 1)];
}
