/** The IPC channel an event travels on; request channels travel under their own names. Apart from the contract so
 * the preload can use it without zod. */
export const eventChannel = (event: string): string => `event:${event}`;
