import { simulate, type EstimateRow } from './lib/estimate-sim';
import { mean, median } from './lib/stats';
import type { Summary } from './lib/summary';
import type { Benchmark, BenchContext } from './lib/suite';
import { makeWorkload, SIGMA, TOOLS } from './lib/workload';

/** Real milliseconds per simulated second: tool medians of 20 s, 60 s and 180 s run as 40, 120 and 360 ms. */
const MS_PER_S = 2;
const JOBS = 60;
const CONCURRENCY = 2;
const HISTORY = 60;
const SEEDS = [1, 2, 3, 4, 5];
const UTILISATIONS = [0.7, 0.9];

/** Absolute percentage error, over jobs that had to wait (a job that starts at once has no wait to be wrong about in %). */
const ape = (est: number, actual: number): number => Math.abs(est - actual) / actual;

function score(rows: EstimateRow[], est: (r: EstimateRow) => number, bound: (r: EstimateRow) => number) {
  const waited = rows.filter((r) => r.waited && r.actualS > 0);
  return {
    mdape: median(waited.map((r) => ape(est(r), r.actualS))) * 100,
    coverage: (waited.filter((r) => bound(r) >= r.actualS).length / waited.length) * 100,
    maeS: mean(rows.map((r) => Math.abs(est(r) - r.actualS))),
    waited: waited.length,
  };
}

const pct = (v: number): string => `${v.toFixed(0)} %`;

export const estimates: Benchmark = {
  name: 'estimates',
  title: 'Estimate accuracy: the queue\u2019s wait estimates vs the web portal\u2019s, on the same workload',
  async run(ctx: BenchContext): Promise<Summary[]> {
    const out: Summary[] = [];
    for (const utilisation of UTILISATIONS) {
      const rows: EstimateRow[] = [];
      for (const seed of SEEDS) {
        const w = makeWorkload({ seed: seed * 100 + Math.round(utilisation * 100), jobs: JOBS, utilisation, concurrency: CONCURRENCY, historySize: HISTORY });
        const t0 = Date.now();
        const got = await simulate(w, MS_PER_S);
        ctx.log(`estimates.${utilisation * 100}: seed ${seed}: ${got.filter((r) => r.waited).length}/${got.length} jobs waited (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        rows.push(...got);
      }
      const ours = score(rows, (r) => r.typicalS, (r) => r.pessimisticS);
      const ahead = score(rows, (r) => r.portalAheadS, (r) => r.portalAheadS);
      const including = score(rows, (r) => r.portalIncludingS, (r) => r.portalIncludingS);
      const oracle = score(rows, (r) => r.oracleTypicalS, (r) => r.oraclePessimisticS);
      // The portal's formula is read both ways; it is given the reading with the smaller error.
      const [portal, reading] = ahead.mdape <= including.mdape ? [ahead, 'jobs ahead'] : [including, 'jobs ahead + itself'];
      const u = `${utilisation * 100}`;
      const workload = `${SEEDS.length} seeds × ${JOBS} jobs, ${TOOLS.map((t) => `${t.toolId} ${t.medianS} s`).join(' / ')} medians, σ ${SIGMA}, concurrency ${CONCURRENCY}, ${ours.waited} jobs waited`;
      out.push({ name: `estimates.u${u}.portal.mdape`, value: portal.mdape, unit: '%', vs: null, note: `portal reading "waiting" = ${reading} (other reading: ${pct(reading === 'jobs ahead' ? including.mdape : ahead.mdape)})` });
      out.push({
        name: `estimates.u${u}.ours.mdape`,
        value: ours.mdape,
        unit: '%',
        vs: `${(ours.mdape / portal.mdape).toFixed(2)}× portal`,
        target: { text: '≤ 0.8× portal', met: ours.mdape <= 0.8 * portal.mdape },
        note: `median absolute % error of the typical wait, jobs that waited; ${workload}`,
      });
      out.push({
        name: `estimates.u${u}.ours.coverage`,
        value: ours.coverage,
        unit: '% of waits ≤ pessimistic',
        vs: `portal's estimate covered ${pct(portal.coverage)}, the oracle's 90th percentile ${pct(oracle.coverage)}`,
        target: { text: '≥ 95 %', met: ours.coverage >= 95 },
        note: 'an oracle 90th percentile covering well under 90 % means the waits ran longer than the workload\u2019s run times alone explain: the hand-off between jobs, 500× slower in simulated time, on a loaded machine',
      });
      out.push({
        name: `estimates.u${u}.oracle.mdape`,
        value: oracle.mdape,
        unit: '%',
        vs: null,
        note: 'an estimator that knows each tool\u2019s true run-time distribution (not the draws): median of its simulated wait',
      });
      out.push({
        name: `estimates.u${u}.ours-vs-oracle`,
        value: ours.mdape / oracle.mdape,
        unit: '× the oracle\u2019s median error',
        vs: `ours ${pct(ours.mdape)}, oracle ${pct(oracle.mdape)}`,
        target: { text: '≤ 1.2×', met: ours.mdape <= 1.2 * oracle.mdape },
      });
      out.push({ name: `estimates.u${u}.ours.mae`, value: ours.maeS, unit: 's (simulated)', vs: `${(ours.maeS / portal.maeS).toFixed(2)}× portal's ${portal.maeS.toFixed(1)} s, ${(ours.maeS / oracle.maeS).toFixed(2)}× the oracle's ${oracle.maeS.toFixed(1)} s`, note: 'mean absolute error of the typical wait over all jobs, zero waits included' });
    }
    return out;
  },
};
