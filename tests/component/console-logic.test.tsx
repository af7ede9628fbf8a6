import { describe, expect, it } from 'vitest';
import { paletteColour, plainText, sanitize, toSegments } from '../../renderer/features/console/ansi';
import { LineStore, type Scheduler } from '../../renderer/features/console/line-store';
import { MatchIndex, splitMatches } from '../../renderer/features/console/search';
import { lines } from './fixtures';

/** A scheduler the test flushes by hand, counting how many flushes were asked for. */
function manualScheduler() {
  const queue: (() => void)[] = [];
  const scheduler: Scheduler = (flush) => {
    queue.push(flush);
    return () => queue.splice(queue.indexOf(flush), 1);
  };
  return { scheduler, pending: () => queue.length, run: () => queue.splice(0).forEach((f) => f()) };
}

describe('terminal output is neutralised', () => {
  it('removes OSC sequences: window title, OSC 52 clipboard writes, hyperlinks', () => {
    expect(sanitize('a\x1b]0;evil title\x07b')).toBe('ab');
    expect(sanitize('a\x1b]2;title\x1b\\b')).toBe('ab');
    expect(sanitize('x\x1b]52;c;cm0gLXJmIH4=\x07y')).toBe('xy');
    expect(sanitize('\x1b]8;;https://evil.example\x07click\x1b]8;;\x07')).toBe('click');
    expect(sanitize('a\x9d0;c1 title\x9cb')).toBe('ab');
    expect(sanitize('tail \x1b]0;never terminated')).toBe('tail ');
  });

  it('removes cursor movement, erase, mode switches, DCS/APC strings and bare controls', () => {
    expect(sanitize('\x1b[2J\x1b[H\x1b[10;20Hhome')).toBe('home');
    expect(sanitize('\x1b[?1049h\x1b[?25lalt')).toBe('alt');
    expect(sanitize('\x1bPq#0;2;0;0;0\x1b\\sixel')).toBe('sixel');
    expect(sanitize('\x1b_apc\x1b\\ok')).toBe('ok');
    expect(sanitize('\x1b(B\x1b7\x1b8\x1bcreset')).toBe('reset');
    expect(sanitize('bell\x07 nul\x00 bs\x08 del\x7f')).toBe('bell nul bs del');
    expect(sanitize('\x9b2Jc1 csi')).toBe('c1 csi');
    expect(sanitize('keep\ttabs')).toBe('keep\ttabs');
  });

  it('keeps SGR colour codes and shows what a carriage return leaves on screen', () => {
    expect(sanitize('\x1b[1;31mred\x1b[0m')).toBe('\x1b[1;31mred\x1b[0m');
    expect(sanitize('progress 10%\rprogress 100%')).toBe('progress 100%');
    expect(sanitize('line\r')).toBe('line');
  });

  it('turns SGR into class names (theme colours) or exact colours, never markup', () => {
    expect(toSegments('a\x1b[1;31mred\x1b[0m b')).toEqual([
      { text: 'a', className: '' },
      { text: 'red', className: 'ansi-red-fg ansi-bold' },
      { text: ' b', className: '' },
    ]);
    expect(toSegments('\x1b[92;44mhi')).toEqual([{ text: 'hi', className: 'ansi-bright-green-fg ansi-blue-bg' }]);
    expect(toSegments('\x1b[38;5;196mx')).toEqual([{ text: 'x', className: '', color: 'rgb(255, 0, 0)' }]);
    expect(toSegments('\x1b[48;2;1;2;3mx')).toEqual([{ text: 'x', className: '', background: 'rgb(1, 2, 3)' }]);
    expect(toSegments('<img src=x onerror=alert(1)>')).toEqual([{ text: '<img src=x onerror=alert(1)>', className: '' }]);
    expect(toSegments('\x1b[31m\x1b]0;t\x07z')).toEqual([{ text: 'z', className: 'ansi-red-fg' }]);
  });

  it('maps the 256-colour palette', () => {
    expect(paletteColour(1)).toEqual({ cls: 'ansi-red' });
    expect(paletteColour(9)).toEqual({ cls: 'ansi-bright-red' });
    expect(paletteColour(16)).toEqual({ rgb: 'rgb(0, 0, 0)' });
    expect(paletteColour(231)).toEqual({ rgb: 'rgb(255, 255, 255)' });
    expect(paletteColour(232)).toEqual({ rgb: 'rgb(8, 8, 8)' });
    expect(paletteColour(300)).toBeUndefined();
  });

  it('plain text drops every escape', () => {
    expect(plainText({ text: '\x1b[1;32mok\x1b[0m \x1b]0;x\x07done' })).toBe('ok done');
  });
});

describe('LineStore', () => {
  it('holds live lines until the snapshot lands, then keeps only those after its last seq', () => {
    const m = manualScheduler();
    const store = new LineStore(m.scheduler);
    store.push(lines(4, 3)); // 4..6 arrive before jobs.get answers
    expect(store.lines).toHaveLength(0);
    store.seed(lines(1, 5), 5); // snapshot 1..5
    expect(store.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.isSeeded).toBe(true);
  });

  it('drops duplicates and batches appends into one flush per frame', () => {
    const m = manualScheduler();
    const store = new LineStore(m.scheduler);
    store.seed([], 0);
    const seededVersion = store.getVersion();
    let notified = 0;
    store.subscribe(() => notified++);
    for (let i = 0; i < 100; i++) store.push(lines(i * 10 + 1, 10));
    store.push(lines(500, 10)); // already seen
    expect(m.pending()).toBe(1);
    expect(store.lines).toHaveLength(0);
    m.run();
    expect(notified).toBe(1);
    expect(store.lines).toHaveLength(1000);
    expect(store.lines.at(-1)?.seq).toBe(1000);
    expect(store.getVersion()).toBe(seededVersion + 1);
    store.push(lines(1000, 1)); // duplicate of the last
    expect(m.pending()).toBe(0);
  });

  it('an empty snapshot still tells subscribers it has landed (the console leaves "Loading output…")', () => {
    const store = new LineStore(manualScheduler().scheduler);
    let notified = 0;
    store.subscribe(() => notified++);
    const before = store.getVersion();
    store.seed([], 0);
    expect(store.isSeeded).toBe(true);
    expect(notified).toBe(1);
    expect(store.getVersion()).not.toBe(before);
  });

  it('a second snapshot (reload) adds only what is new', () => {
    const m = manualScheduler();
    const store = new LineStore(m.scheduler);
    store.seed(lines(1, 3), 3);
    store.seed(lines(1, 5), 5);
    expect(store.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps memory bounded by dropping the oldest lines past the cap', () => {
    const m = manualScheduler();
    const store = new LineStore(m.scheduler, 1000);
    store.seed([], 0);
    store.push(lines(1, 1500));
    m.run();
    expect(store.lines.length).toBeLessThanOrEqual(1000);
    expect(store.dropped + store.lines.length).toBe(1500);
    expect(store.lines.at(-1)?.seq).toBe(1500);
  });
});

describe('search', () => {
  it('finds matching lines incrementally, case-insensitively, and restarts on a new query', () => {
    const index = new MatchIndex();
    const all = lines(1, 20, 'stdout', (s) => (s % 5 === 0 ? `\x1b[31mERROR\x1b[0m at ${s}` : `ok ${s}`));
    expect(index.update(all.slice(0, 10), 'error', 0)).toEqual([4, 9]);
    expect(index.update(all, 'error', 0)).toEqual([4, 9, 14, 19]);
    expect(index.update(all, 'ok 1', 0)).toEqual([0, 10, 11, 12, 13, 15, 16, 17, 18]);
    expect(index.update(all, '', 0)).toEqual([]);
  });

  it('splits text around matches for highlighting', () => {
    expect(splitMatches('a Foo b foo', 'foo')).toEqual([
      { text: 'a ', match: false },
      { text: 'Foo', match: true },
      { text: ' b ', match: false },
      { text: 'foo', match: true },
    ]);
    expect(splitMatches('abc', '')).toEqual([{ text: 'abc', match: false }]);
  });
});
