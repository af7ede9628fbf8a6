import type { OutputLine } from '../../shared/jobs';

/**
 * The last lines of a run, kept in memory for display. Bounded by a line count (the user's setting) and by a total
 * number of characters, because 10,000 lines of 64 KiB each would otherwise hold over a gigabyte.
 */
export const RING_MAX_CHARS = 16 * 1024 * 1024;

export class LineRing {
  private readonly slots: (OutputLine | undefined)[];
  private head = 0;
  private size = 0;
  private chars = 0;
  /** How many lines were pushed out to make room. */
  dropped = 0;

  constructor(
    maxLines: number,
    private readonly maxChars: number = RING_MAX_CHARS,
  ) {
    this.slots = new Array<OutputLine | undefined>(Math.max(1, maxLines));
  }

  push(line: OutputLine): void {
    if (this.size === this.slots.length) this.dropOldest();
    this.slots[(this.head + this.size) % this.slots.length] = line;
    this.size += 1;
    this.chars += line.text.length;
    while (this.chars > this.maxChars && this.size > 1) this.dropOldest();
  }

  toArray(): OutputLine[] {
    const out: OutputLine[] = [];
    for (let i = 0; i < this.size; i += 1) {
      const line = this.slots[(this.head + i) % this.slots.length];
      if (line) out.push(line);
    }
    return out;
  }

  get length(): number {
    return this.size;
  }

  private dropOldest(): void {
    const line = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.slots.length;
    this.size -= 1;
    this.chars -= line?.text.length ?? 0;
    this.dropped += 1;
  }
}
