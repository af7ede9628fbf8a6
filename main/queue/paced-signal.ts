/**
 * Calls `send` once after any number of requests: at the end of the current turn when the last call's gap is over,
 * otherwise as soon as it is. The gap after a call is `gapAfter(how long that call took)`, so a cheap call can
 * follow at the next turn and a costly one keeps its share of the thread bounded. The call reads the state as it
 * then stands: no change is lost, only merged into the next one. Hand-written: a leading-edge throttle is a dozen
 * lines, and the owner must be able to send the last one at once when it closes (flush).
 */
export class PacedSignal {
  private due = false;
  private nextAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: () => void,
    private readonly gapAfter: (costMs: number) => number,
    /** A monotonic clock: the gap is real time, whatever clock the caller's records use. */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  request(): void {
    if (this.due) return;
    this.due = true;
    const wait = this.nextAt - this.clock();
    if (wait <= 0) {
      setImmediate(this.fire);
      return;
    }
    this.timer = setTimeout(this.fire, wait);
    // Informational: a pending call does not keep the process alive (flush sends it when the owner closes).
    this.timer.unref();
  }

  /** Sends a pending call now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.fire();
  }

  private readonly fire = (): void => {
    // Already sent by flush() (its setImmediate or timer may still come).
    if (!this.due) return;
    this.due = false;
    this.timer = null;
    const start = this.clock();
    this.send();
    const end = this.clock();
    this.nextAt = end + this.gapAfter(end - start);
  };
}
