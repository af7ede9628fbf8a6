/**
 * Channels only the preload calls, never methods of `window.hapyy` (createApi builds those from CHANNELS alone).
 * Their schemas are in the contract (PRELOAD_CHANNELS); the names live here, apart from it, so the preload can use
 * them without zod, like eventChannel.
 */
/** A dropped file's path (read by the preload with webUtils) in, a one-use token for `projects:open` out. */
export const DROP_TOKEN_CHANNEL = 'drop:token';
