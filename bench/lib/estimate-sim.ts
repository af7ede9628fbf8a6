import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { JobRecord } from '../../shared/jobs';
import { createJobId, QueueService } from '../../main/queue';
import { RunStore } from '../../main/store';
import { oracleWait } from './oracle-estimate';
import { PortalEstimator } from './portal-estimate';
import { memoryTempBase, withTempDir } from './temp';
import type { Workload } from './workload';

/** What was predicted for one job when it was submitted, and what happened. All in simulated seconds. */
export interface EstimateRow {
  toolId: string;
  /** Every slot was busy when it was submitted: it had to wait. */
  waited: boolean;
  actualS: number;
  typicalS: number;
  pessimisticS: number;
  portalAheadS: number;
  portalIncludingS: number;
  /** The oracle's: it knows each tool's true run-time distribution (see oracle-estimate.ts). */
  oracleTypicalS: number;
  oraclePessimisticS: number;
}

const PROJECT = { name: 'sim', source: '/sim', kind: 'folder' } as const;

/** History the queue loads at start, as finished run records on disk (how the app learns durations across restarts). */
async function writeHistory(store: RunStore, w: Workload, now: number): Promise<void> {
  for (const [i, h] of w.history.entries()) {
    const finishedAt = now - (w.history.length - i) * 1000;
    const durationMs = h.durationS * 1000;
    const jobId = createJobId(finishedAt);
    await store.create(jobId);
    const record: JobRecord = {
      jobId, clientId: 'history', toolId: h.toolId, toolName: h.toolId, project: PROJECT, priority: 'batch', status: 'completed',
      engine: null, timeoutSec: 3600, queuedAt: finishedAt - durationMs, startedAt: finishedAt - durationMs, finishedAt, durationMs,
      exitCode: 0, signal: null, outputLines: 0, outputBytes: 0, truncated: false, filesProduced: [], diagnostics: null,
      peakMemoryBytes: null, protections: [], message: 'Done.', systemError: null, rerunOf: null, notes: [],
    };
    await store.save(record);
  }
}

/**
 * Plays a workload through the real QueueService with real timers, `msPerS` real milliseconds per simulated second.
 * The queue is given a clock that runs that much faster, so everything it records and estimates is in simulated
 * time and its constants (e.g. the 1 s floor for an overrunning job) keep their real meaning. The executor only
 * sleeps for the job's drawn run time, so what is measured is the queue and its estimator.
 */
export async function simulate(w: Workload, msPerS: number): Promise<EstimateRow[]> {
  const base = await memoryTempBase();
  const speedup = 1000 / msPerS;
  return withTempDir('estimates', async (dataDir) => {
    const t0 = performance.now();
    const origin = Date.now();
    const now = () => origin + (performance.now() - t0) * speedup;
    const store = new RunStore({ dataDir, now });
    await writeHistory(store, w, now());
    const durations = new Map<string, number>();
    const queue = new QueueService({
      store,
      now,
      settings: () => ({ concurrency: w.concurrency, capacity: 10_000, perClientActive: 0, perClientHourly: 0 }),
      execute: async (record, ctx) => {
        await sleep(durations.get(record.jobId) ?? 0, undefined, { signal: ctx.signal }).catch(() => undefined);
        return { status: ctx.signal.aborted ? 'cancelled' : 'completed' };
      },
    });
    await queue.start();
    const portal = new PortalEstimator();
    for (const h of w.history) portal.add(h.durationS * 1000);

    const predicted = new Map<string, Omit<EstimateRow, 'actualS' | 'oracleTypicalS' | 'oraclePessimisticS'> & { at: number; oracleState: Parameters<typeof oracleWait>[0] | null }>();
    const started = new Map<string, number>();
    // What the oracle is told: the jobs in the order they were queued (one priority, so the order they start), which
    // have started and which have ended.
    const order: { id: string; toolId: string }[] = [];
    const ended = new Set<string>();
    let pendingDuration = 0;
    const offs = [
      // Emitted inside submit(), the moment the estimate is made and before the job can take a slot.
      queue.on('job:queued', (view) => {
        const id = view.record.jobId;
        durations.set(id, pendingDuration);
        // It starts at once only if a slot is left for it after the running jobs and those ahead of it.
        const slotFree = queue.status().running + (view.position ?? 1) <= w.concurrency;
        const p = portal.estimate(view.position ?? 1, w.concurrency, slotFree);
        const [typ, pess] = view.estimate?.waitMs ?? [Number.NaN, Number.NaN];
        const at = now();
        const running = order.filter((j) => started.has(j.id) && !ended.has(j.id)).map((j) => ({ toolId: j.toolId, elapsedS: (at - (started.get(j.id) as number)) / 1000 }));
        const ahead = order.filter((j) => !started.has(j.id)).map((j) => j.toolId);
        // Only the state is taken here; the oracle's scenarios are played after the run, so they cost no simulated time.
        const oracleState = slotFree ? null : { seed: order.length + 1, concurrency: w.concurrency, running, ahead };
        order.push({ id, toolId: view.record.toolId });
        predicted.set(id, {
          at, toolId: view.record.toolId, waited: !slotFree,
          typicalS: typ / 1000, pessimisticS: pess / 1000, portalAheadS: p.ahead / 1000, portalIncludingS: p.including / 1000,
          oracleState,
        });
      }),
      queue.on('job:started', (view) => started.set(view.record.jobId, view.record.startedAt as number)),
      queue.on('job:finished', (r) => {
        ended.add(r.jobId);
        portal.add(r.durationMs ?? 0);
      }),
    ];
    try {
      const first = performance.now();
      for (const job of w.jobs) {
        const due = first + job.arriveS * msPerS - performance.now();
        if (due > 0) await sleep(due);
        // submit() runs synchronously up to its first await, and job:queued fires later in it: one at a time.
        pendingDuration = job.durationS * msPerS;
        await queue.submit({ clientId: 'sim', toolId: job.toolId, toolName: job.toolId, project: PROJECT, priority: 'batch', timeoutSec: 3600 });
      }
      await queue.onIdle();
    } finally {
      for (const off of offs) off();
      await queue.shutdown();
    }
    return [...predicted.entries()].map(([id, p]) => {
      const { at, oracleState, ...rest } = p;
      const start = started.get(id);
      if (start === undefined) throw new Error(`estimates: job ${id} never started`);
      const oracle = oracleState ? oracleWait(oracleState) : { typicalS: 0, pessimisticS: 0 };
      return { ...rest, actualS: Math.max(0, start - at) / 1000, oracleTypicalS: oracle.typicalS, oraclePessimisticS: oracle.pessimisticS };
    });
  }, base);
}
