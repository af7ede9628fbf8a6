import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { IntakeLimits, QueueSettings } from '../../../shared/settings';
import { QueueService } from '../queue-service';
import type { QueueOptions } from '../types';
import { POOL_ZIP_MAX_BYTES } from './archive';
import { checkReachable, connect, maskPoolUrl } from './connection';
import { POOL_PREFIX, poolKeys } from './keys';
import { cancelOrphans, createRemoteExecutor } from './remote-executor';

export interface PoolQueueOptions extends Omit<QueueOptions, 'execute'> {
  url: string;
  intakeLimits: () => IntakeLimits;
  maxZipBytes?: number;
}

/** Locally, this many jobs may be handed to the pool at once; the pool's workers decide what actually runs. */
const POOL_IN_FLIGHT = 1_000;

/**
 * The shared-pool backend. It is the embedded queue with a remote executor: submit, intake, the run folder, the
 * record, history, per-client limits, cancel and events are exactly the local ones; only the run itself happens on a
 * worker. Estimates use this machine's own durations of each tool (the pool keeps none yet).
 *
 * A job handed to the pool shows as running locally from then on, including while it waits for a free worker.
 */
export class PoolQueue extends QueueService {
  private readonly redis: Redis;
  private readonly queues = new Map<string, { queue: Queue; events: QueueEvents }>();
  readonly where: string;

  constructor(opts: PoolQueueOptions) {
    const redis = connect(opts.url, { lazy: true });
    redis.on('error', () => undefined);
    const where = maskPoolUrl(opts.url);
    const queues = new Map<string, { queue: Queue; events: QueueEvents }>();
    const settings = (): QueueSettings => ({ ...opts.settings(), concurrency: POOL_IN_FLIGHT });
    super({
      ...opts,
      settings,
      // Runs that were on the pool when the previous session died: their work is nobody's now, so it is stopped on
      // the workers (they are marked interrupted like local ones; reattaching to them is not done yet).
      killLeftovers: async (jobIds) => {
        const local = (await opts.killLeftovers?.(jobIds)) ?? 0;
        await cancelOrphans(redis, jobIds.map((id) => opts.store.runDir(id)));
        return local;
      },
      execute: createRemoteExecutor({
        redis,
        where,
        maxZipBytes: opts.maxZipBytes ?? POOL_ZIP_MAX_BYTES,
        intakeLimits: opts.intakeLimits,
        queueFor: (toolId) => {
          let entry = queues.get(toolId);
          if (!entry) {
            const name = poolKeys.queueName(toolId);
            const listen = redis.duplicate();
            listen.on('error', () => undefined);
            entry = {
              queue: new Queue(name, { connection: redis, prefix: POOL_PREFIX }),
              events: new QueueEvents(name, { connection: listen, prefix: POOL_PREFIX }),
            };
            // One listener per job handed to the pool at once (waitUntilFinished), not a leak.
            entry.events.setMaxListeners(POOL_IN_FLIGHT);
            entry.queue.setMaxListeners(POOL_IN_FLIGHT);
            entry.queue.on('error', () => undefined);
            entry.events.on('error', () => undefined);
            queues.set(toolId, entry);
          }
          return entry;
        },
      }),
    });
    this.redis = redis;
    this.queues = queues;
    this.where = where;
    this.url = opts.url;
  }

  private readonly url: string;

  /** Refuses to start when the pool cannot be reached, so the caller can fall back to this machine and say so. */
  override async start(): ReturnType<QueueService['start']> {
    await checkReachable(this.url);
    await this.redis.connect().catch(() => undefined);
    const result = await super.start();
    return { notices: [...result.notices, { level: 'info', message: `Runs go to the shared pool at ${this.where}.` }] };
  }

  override async shutdown(): Promise<void> {
    await super.shutdown();
    for (const { queue, events } of this.queues.values()) {
      await events.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
      // Closed by us: BullMQ leaves a connection it was given open.
      (events as unknown as { opts: { connection: { disconnect(): void } } }).opts.connection.disconnect();
    }
    this.redis.disconnect();
  }
}
