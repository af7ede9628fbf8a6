import type { Redis } from 'ioredis';
import { HEARTBEAT_TTL_SEC, poolKeys } from './keys';

export interface WorkerInfo {
  tools: string[];
  host: string;
  concurrency: number;
}

/** A worker says which tools it runs; the entry counts only while its heartbeat key lives. */
export async function announceWorker(redis: Redis, workerId: string, info: WorkerInfo): Promise<void> {
  await redis.multi().hset(poolKeys.workers, workerId, JSON.stringify(info)).set(poolKeys.alive(workerId), '1', 'EX', HEARTBEAT_TTL_SEC).exec();
}

export async function retireWorker(redis: Redis, workerId: string): Promise<void> {
  await redis.multi().hdel(poolKeys.workers, workerId).del(poolKeys.alive(workerId)).exec();
}

/** Live workers and what they run (entries of workers whose heartbeat lapsed are left out). */
export async function liveWorkers(redis: Redis): Promise<Map<string, WorkerInfo>> {
  const all = await redis.hgetall(poolKeys.workers);
  const ids = Object.keys(all);
  const alive = ids.length > 0 ? await redis.mget(ids.map((id) => poolKeys.alive(id))) : [];
  const live = new Map<string, WorkerInfo>();
  ids.forEach((id, i) => {
    if (alive[i] === null) return;
    try {
      live.set(id, JSON.parse(all[id] as string) as WorkerInfo);
    } catch {
      // An entry that is not ours to read counts as no worker.
    }
  });
  return live;
}

export async function toolsInPool(redis: Redis): Promise<Set<string>> {
  const tools = new Set<string>();
  for (const info of (await liveWorkers(redis)).values()) for (const t of info.tools) tools.add(t);
  return tools;
}
