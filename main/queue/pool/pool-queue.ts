import { setMaxListeners } from 'node:events';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { IntakeLimits, QueueSettings } from '../../../shared/settings';
import { QueueService } from '../queue-service';
import { poolClientId } from './client-id';
import { readPlacement } from './placement';
import type { QueueOptions } from '../types';
import { POOL_ZIP_MAX_BYTES } from './archive';
import { checkReachable, connect, maskPoolUrl } from './connection';
import { POOL_PREFIX, poolKeys } from './keys';
import { createRemoteExecutor } from './remote-executor';

export interface PoolQueueOptions extends Omit<QueueOptions, 'execute'> {
  url: string;
  /** The data folder: its pool client id is kept there. */
  dataDir: string;
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
 * A job handed to the pool shows as running locally from then on, including while it waits for a free worker (its
 * message then says why it waits).
 *
 * Closing does not cancel the pool's work: the pool runs jobs for you whether this window is open or not, so jobs
 * handed to the pool are left to it (their records stay active, with a message saying so), and the next start on
 * this data folder takes them up again — a waiting one keeps its place, a running one replays its output and goes
 * on streaming, a finished one brings its results home. Only cancel (the user's, or the CLI's Ctrl-C, which cancels
 * its jobs before it shuts the engine down) stops a pool job. Jobs not yet handed to the pool are cancelled as on
 * this machine.
 */
export class PoolQueue extends QueueService {
  private readonly redis: Redis;
  private readonly queues = new Map<string, { queue: Queue; events: QueueEvents }>();
  private readonly detach: AbortController;
  private readonly client: { id: string | null };
  private readonly dataDir: string;
  readonly where: string;

  constructor(opts: PoolQueueOptions) {
    const redis = connect(opts.url, { lazy: true });
    redis.on('error', () => undefined);
    const where = maskPoolUrl(opts.url);
    const queues = new Map<string, { queue: Queue; events: QueueEvents }>();
    const settings = (): QueueSettings => ({ ...opts.settings(), concurrency: POOL_IN_FLIGHT });
    const detach = new AbortController();
    // Every job handed to the pool listens for closing: one listener each, not a leak.
    setMaxListeners(POOL_IN_FLIGHT, detach.signal);
    const client: { id: string | null } = { id: null };
    super({
      ...opts,
      settings,
      // A run that an earlier session handed to the pool goes on there: taken up again, not interrupted.
      resumable: async (record) => (await readPlacement(opts.store.runDir(record.jobId))) !== null,
      execute: createRemoteExecutor({
        detach: detach.signal,
        clientId: () => {
          if (client.id === null) throw new Error('the pool queue has not started');
          return client.id;
        },
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
    this.detach = detach;
    this.client = client;
    this.dataDir = opts.dataDir;
    this.where = where;
    this.url = opts.url;
  }

  private readonly url: string;

  /** Refuses to start when the pool cannot be reached, so the caller can fall back to this machine and say so. */
  override async start(): ReturnType<QueueService['start']> {
    await checkReachable(this.url);
    await this.redis.connect().catch(() => undefined);
    // Before history loads: taking up an earlier session's jobs checks they are this data folder's.
    this.client.id = await poolClientId(this.dataDir);
    const result = await super.start();
    return { notices: [...result.notices, { level: 'info', message: `Runs go to the shared pool at ${this.where}.` }] };
  }

  override async shutdown(): Promise<void> {
    // First: the aborts super.shutdown() sends to running jobs then read as closing, not as cancels.
    this.detach.abort();
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
