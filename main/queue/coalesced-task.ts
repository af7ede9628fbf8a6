/**
 * Runs a task now, or, if it is already running, once more when it ends: requests in between merge into that one
 * run. For clean-ups (retention) that must not overlap but must see every change.
 */
export class CoalescedTask {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onSettled: () => void = () => undefined,
  ) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.task();
      } while (this.again);
    })().finally(() => {
      this.running = null;
      this.onSettled();
    });
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves when no run is in progress. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }
}
