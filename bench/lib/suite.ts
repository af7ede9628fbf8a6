import type { Summary } from './summary';

export interface BenchContext {
  /** Slots the engine uses by default (os.availableParallelism()). */
  cores: number;
  /** Progress for the person watching; the summary lines are printed separately. */
  log(line: string): void;
  /** `--full`: the sizes everywhere, where the default run scales some down to stay within ~10 minutes. */
  full: boolean;
}

export interface Benchmark {
  /** What `npm run bench -- <name>` selects. */
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<Summary[]>;
}
