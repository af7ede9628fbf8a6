import type { Notice } from '../../shared/contract';
import type { IntakeLimits } from '../../shared/settings';
import type { JobQueue, QueueOptions } from '../queue';

export interface BackendChoice {
  poolUrl: string | null;
  dataDir: string;
  embedded: () => JobQueue;
  queueOptions: Omit<QueueOptions, 'execute'>;
  intakeLimits: () => IntakeLimits;
  notices: Notice[];
}

/**
 * Starts the queue backend: the shared pool when one is set and reachable; otherwise the embedded queue, and when a
 * pool was set but could not be reached the user is told that runs use this machine instead.
 */
export async function startQueueBackend(choice: BackendChoice): Promise<JobQueue> {
  if (choice.poolUrl) {
    // Loaded only when a pool is set: BullMQ and ioredis stay out of a start-up that does not use them.
    const { PoolQueue } = await import('../queue/pool/pool-queue');
    const pool = new PoolQueue({ ...choice.queueOptions, url: choice.poolUrl, dataDir: choice.dataDir, intakeLimits: choice.intakeLimits });
    try {
      choice.notices.push(...(await pool.start()).notices);
      return pool;
    } catch (err) {
      await pool.shutdown().catch(() => undefined);
      const reason = err instanceof Error ? err.message : String(err);
      choice.notices.push({ level: 'warning', message: `${reason.replace(/\.$/, '')}; runs use this machine instead.` });
    }
  }
  const queue = choice.embedded();
  choice.notices.push(...(await queue.start()).notices);
  return queue;
}
