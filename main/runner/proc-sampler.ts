import { listProcs, type ProcEntry } from './linux-procs';

/** One run's look at a sample: the process list of this tick (Linux), or null where each run asks its own `ps`. */
export type SampleListener = (procs: readonly ProcEntry[] | null) => Promise<void>;

/**
 * One sampling clock for all running jobs: each tick lists /proc once and hands the list to every run, instead of
 * one timer and one full /proc listing per run. The timer runs only while some run is watched.
 */
export class ProcSampler {
  private readonly listeners = new Set<SampleListener>();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly o: { platform: NodeJS.Platform; procRoot: string; everyMs: number },
  ) {}

  /** Samples `listener` from the next tick on; the returned function stops that. */
  watch(listener: SampleListener): () => void {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => void this.tick(), this.o.everyMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private async tick(): Promise<void> {
    // A tick that takes longer than the interval is not piled on.
    if (this.busy) return;
    this.busy = true;
    try {
      const procs = this.o.platform === 'linux' ? await listProcs(this.o.procRoot) : null;
      await Promise.all([...this.listeners].map((l) => l(procs).catch(() => undefined)));
    } finally {
      this.busy = false;
    }
  }
}
