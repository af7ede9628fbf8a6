import { describe, expect, it } from 'vitest';
import { PacedSignal } from '../../../main/queue/paced-signal';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('PacedSignal', () => {
  it('merges a turn of requests into one call, at the end of the turn, reading the state as it then is', async () => {
    let state = 0;
    const seen: number[] = [];
    const s = new PacedSignal(() => seen.push(state), () => 60_000, () => 0);
    for (let i = 1; i <= 5; i += 1) {
      state = i;
      s.request();
    }
    expect(seen).toEqual([]);
    await nextTurn();
    expect(seen).toEqual([5]);
  });

  it('within the gap a request waits for it (no call at the end of the turn); flush sends it at once, and only once', async () => {
    let clock = 1_000;
    const seen: number[] = [];
    const s = new PacedSignal(() => seen.push(clock), () => 60_000, () => clock);
    s.request();
    await nextTurn();
    expect(seen).toEqual([1_000]);

    clock += 10; // well inside the minute
    s.request();
    s.request();
    await nextTurn();
    expect(seen).toEqual([1_000]);

    s.flush();
    expect(seen).toEqual([1_000, 1_010]);
    // Nothing due: a flush sends nothing, and the cancelled timer does not send again.
    s.flush();
    await nextTurn();
    expect(seen).toEqual([1_000, 1_010]);
  });

  it('once the gap is over, the next request goes out at the end of its turn again', async () => {
    let clock = 0;
    const seen: number[] = [];
    const s = new PacedSignal(() => seen.push(clock), () => 50, () => clock);
    s.request();
    await nextTurn();
    clock = 50;
    s.request();
    await nextTurn();
    expect(seen).toEqual([0, 50]);
  });

  it('a flush before the end of the turn sends once: the pending end-of-turn call finds nothing due', async () => {
    const seen: string[] = [];
    const s = new PacedSignal(() => seen.push('sent'), () => 50, () => 0);
    s.request();
    s.flush();
    await nextTurn();
    expect(seen).toEqual(['sent']);
  });

  it('after the gap, a waiting request is sent by its timer', async () => {
    let calls = 0;
    let second!: () => void;
    const secondSent = new Promise<void>((resolve) => (second = resolve));
    const s = new PacedSignal(
      () => {
        calls += 1;
        if (calls === 2) second();
      },
      () => 20,
      () => 0,
    );
    s.request();
    await nextTurn();
    s.request(); // the clock stands still: the full 20 ms to wait, on a real timer
    await secondSent;
    expect(calls).toBe(2);
  });

  it('the gap follows what the last call cost: a cheap one leaves none, a costly one keeps the thread mostly free', async () => {
    let clock = 0;
    let cost = 0;
    const seen: number[] = [];
    // Each call "takes" `cost` ms of the clock; the gap after it is ten times that.
    const s = new PacedSignal(
      () => {
        seen.push(clock);
        clock += cost;
      },
      (c) => c * 10,
      () => clock,
    );
    s.request();
    await nextTurn();
    s.request(); // the first call cost nothing: no gap
    await nextTurn();
    expect(seen).toEqual([0, 0]);

    cost = 2; // this call costs 2 ms: the next may go out 20 ms after it ended
    s.request();
    await nextTurn();
    expect(seen).toEqual([0, 0, 0]);
    clock += 19; // 19 ms after: still inside the gap
    cost = 0;
    s.request();
    await nextTurn();
    expect(seen).toHaveLength(3);
    s.flush();
    expect(seen).toEqual([0, 0, 0, 21]);
  });
});
