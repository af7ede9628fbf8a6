/** Made at build time from shared/contract.ts by vite.config.ts (contractNames): the names only, no zod. */
declare module 'virtual:hapyy-contract-names' {
  import type { ChannelName, EventName } from '../shared/contract';
  export const CHANNEL_NAMES: readonly ChannelName[];
  export const EVENT_NAMES: readonly EventName[];
}
