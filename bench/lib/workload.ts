import { exponential, logNormal, mulberry32, type Random } from './prng';

export interface ToolProfile {
  toolId: string;
  /** Median run time, simulated seconds. */
  medianS: number;
}

/** Three tools a few times apart, like a linter, a transpiler and a verifier. */
export const TOOLS: readonly ToolProfile[] = [
  { toolId: 'linter', medianS: 20 },
  { toolId: 'transpiler', medianS: 60 },
  { toolId: 'verifier', medianS: 180 },
];
export const SIGMA = 0.5;

export interface SimJob {
  toolId: string;
  /** When it is submitted, simulated seconds from the start. */
  arriveS: number;
  durationS: number;
}

export interface Workload {
  utilisation: number;
  concurrency: number;
  /** Past runs the estimators know of before the first arrival (oldest first). */
  history: { toolId: string; durationS: number }[];
  jobs: SimJob[];
}

const meanServiceS = (): number => (TOOLS.reduce((s, t) => s + t.medianS, 0) / TOOLS.length) * Math.exp((SIGMA * SIGMA) / 2);

function draw(rand: Random): { toolId: string; durationS: number } {
  const tool = TOOLS[Math.floor(rand() * TOOLS.length)] as ToolProfile;
  return { toolId: tool.toolId, durationS: logNormal(rand, tool.medianS, SIGMA) };
}

/**
 * `jobs` jobs of the three tools (picked uniformly, log-normal run times) arriving as a Poisson process whose rate
 * loads `concurrency` slots to `utilisation` on average; plus `historySize` earlier runs from the same mix.
 */
export function makeWorkload(o: { seed: number; jobs: number; utilisation: number; concurrency: number; historySize: number }): Workload {
  const rand = mulberry32(o.seed);
  const history = Array.from({ length: o.historySize }, () => draw(rand));
  const meanGapS = meanServiceS() / (o.utilisation * o.concurrency);
  let t = 0;
  const jobs: SimJob[] = [];
  for (let i = 0; i < o.jobs; i += 1) {
    t += exponential(rand, meanGapS);
    jobs.push({ arriveS: t, ...draw(rand) });
  }
  return { utilisation: o.utilisation, concurrency: o.concurrency, history, jobs };
}
