/**
 * Calls `send` once after any number of requests: at the end of the current turn when none went out in the last
 * `gapMs`, otherwise as soon as that gap is over. The call reads the state as it then stands, so no change is lost,
 * only merged into the next one. Hand-written: a leading-edge throttle is a dozen lines, and the queue must be able
 * to send the last one at once when it closes (flush).
 */
export class PacedSignal {
  private due = false;
  private last = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: () => void,
    private readonly gapMs: number,
    /** A monotonic clock: the gap is real time, whatever clock the caller's records use. */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  request(): void {
    if (this.due) return;
    this.due = true;
    const wait = this.last + this.gapMs - this.clock();
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
    this.last = this.clock();
    this.send();
  };
}
