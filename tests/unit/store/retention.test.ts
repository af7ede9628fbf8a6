import { describe, expect, it } from 'vitest';
import { selectExpired } from '../../../main/store/retention';
import { record } from './helpers';

const DAY = 24 * 60 * 60 * 1000;
const now = 100 * DAY;
const none = (): boolean => false;

/** `n` finished runs, the newest first, one a day apart (ended 1, 2, … days ago). */
const daily = (n: number) => Array.from({ length: n }, (_, i) => record(`r${String(i).padStart(3, '0')}`, { finishedAt: now - (i + 1) * DAY }));

describe('selectExpired at the edges of its early answer', () => {
  it('keeps exactly `runs` finished runs, and takes the oldest as soon as there is one more', () => {
    expect(selectExpired(daily(5), { days: 0, runs: 5 }, now, none)).toEqual([]);
    expect(selectExpired(daily(6), { days: 0, runs: 5 }, now, none)).toEqual(['r005']);
  });

  it('keeps a run that ended exactly `days` ago, and takes one a moment older', () => {
    const edge = [record('edge', { finishedAt: now - 7 * DAY })];
    expect(selectExpired(edge, { days: 7, runs: 0 }, now, none)).toEqual([]);
    expect(selectExpired([record('older', { finishedAt: now - 7 * DAY - 1 })], { days: 7, runs: 0 }, now, none)).toEqual(['older']);
  });

  it('finds the one old run wherever it lies in the history, and only that one', () => {
    const history = daily(50);
    const old = record('old', { finishedAt: now - 40 * DAY });
    history.splice(17, 0, old);
    expect(selectExpired(history, { days: 30, runs: 0 }, now, none).sort()).toEqual(['old', ...daily(50).slice(30).map((r) => r.jobId)].sort());
  });

  it('does not count active runs toward `runs`, and never leaves the caller\'s list reordered', () => {
    const history = [...daily(3), record('running', { status: 'running', finishedAt: null }), record('live', { finishedAt: now - 1 })];
    const before = history.map((r) => r.jobId);
    expect(selectExpired(history, { days: 0, runs: 3 }, now, (id) => id === 'live')).toEqual([]);
    expect(selectExpired(history, { days: 0, runs: 2 }, now, (id) => id === 'live')).toEqual(['r002']);
    expect(history.map((r) => r.jobId)).toEqual(before);
  });
});
