import { percentile } from '../../main/queue/durations';
import { mulberry32, normal, type Random } from './prng';
import { SIGMA, TOOLS } from './workload';

/** A running job as the oracle sees it: its tool and how long it has run, simulated seconds. */
export interface OracleRunning {
  toolId: string;
  elapsedS: number;
}

/** Scenarios per estimate: enough that the median and 90th percentile move by well under 1 % between seeds. */
const SCENARIOS = 2000;

const MEDIANS = new Map(TOOLS.map((t) => [t.toolId, t.medianS]));

function medianOf(toolId: string): number {
  const m = MEDIANS.get(toolId);
  if (m === undefined) throw new Error(`oracle: unknown tool ${toolId}`);
  return m;
}

/**
 * A run time drawn from the tool's true log-normal, given that it is longer than `elapsedS`: the standard normal is
 * drawn above the elapsed time's z-score by rejection. With σ 0.5 a run is never so far in the tail that this
 * loops long (z 3 is passed by 1 draw in 740); past z 4 the run is taken to end at once, which the workload never
 * reaches (its draws would need a 1-in-30,000 event).
 */
function remainingS(rand: Random, toolId: string, elapsedS: number): number {
  const median = medianOf(toolId);
  if (elapsedS <= 0) return median * Math.exp(SIGMA * normal(rand));
  const z0 = Math.log(elapsedS / median) / SIGMA;
  if (z0 > 4) return 0;
  for (;;) {
    const z = normal(rand);
    if (z > z0) return median * Math.exp(SIGMA * z) - elapsedS;
  }
}

/**
 * The best an estimator can know: each tool's true run-time distribution (the workload's, not its draws), the running
 * jobs' elapsed times and the tools of the jobs ahead. It plays the FIFO queue forward in many scenarios, each
 * running job's rest drawn from its distribution given how long it has already run and each job ahead drawn whole,
 * and returns the median (typical) and 90th percentile (pessimistic) of this job's wait. Later arrivals are left out:
 * at one priority they start after this job and cannot change its wait. The median minimises the absolute error,
 * not the percentage error the bench reports, so "the oracle" is a reference point, not a strict floor.
 */
export function oracleWait(o: { seed: number; concurrency: number; running: readonly OracleRunning[]; ahead: readonly string[] }): { typicalS: number; pessimisticS: number } {
  const rand = mulberry32(o.seed);
  const waits: number[] = [];
  for (let s = 0; s < SCENARIOS; s += 1) {
    const slots = o.running.map((r) => remainingS(rand, r.toolId, r.elapsedS)).sort((a, b) => a - b).slice(-o.concurrency);
    while (slots.length < o.concurrency) slots.unshift(0);
    for (const toolId of o.ahead) {
      const start = slots.shift() as number;
      const finish = start + remainingS(rand, toolId, 0);
      let i = slots.length;
      while (i > 0 && (slots[i - 1] as number) > finish) i -= 1;
      slots.splice(i, 0, finish);
    }
    waits.push(slots[0] as number);
  }
  waits.sort((a, b) => a - b);
  return { typicalS: percentile(waits, 0.5), pessimisticS: percentile(waits, 0.9) };
}
