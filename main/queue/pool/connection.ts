import { Redis } from 'ioredis';
import { AppError } from '../../../shared/errors';
import { maskPoolUrl } from './pool-url';

export { maskPoolUrl } from './pool-url';

export function assertPoolUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('invalid-input', 'The shared pool address is not a URL (expected redis://host:port).');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new AppError('invalid-input', `The shared pool address must start with redis:// or rediss:// (got ${parsed.protocol}).`);
  }
}

/**
 * A connection to the pool's Redis. BullMQ's blocking connections need `maxRetriesPerRequest: null`; commands
 * issued while Redis is away then wait for it instead of failing, which is what a long-running worker wants.
 */
export function connect(url: string, opts: { lazy?: boolean } = {}): Redis {
  assertPoolUrl(url);
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: opts.lazy ?? false });
}

/** Fails with the sentence a user reads when the pool cannot be reached within `timeoutMs`. */
export async function checkReachable(url: string, timeoutMs = 3_000): Promise<void> {
  assertPoolUrl(url);
  // One try, no retry loop: the question is "is it there now".
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new AppError('unavailable', `The shared pool at ${maskPoolUrl(url)} cannot be reached (${err instanceof Error ? err.message : String(err)}).`);
  } finally {
    probe.disconnect();
  }
}
