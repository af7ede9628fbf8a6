import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainText, toSegments } from '../../renderer/features/console/ansi';

/**
 * The console's side of hostile output: the renderer turns each line into spans with toSegments (a pure function,
 * renderer/features/console/ansi.ts). Whatever the tool wrote, no control character reaches a span, so nothing a
 * terminal would obey (title, clipboard, cursor, hyperlink) can act; only colours survive, as class names.
 */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/; // eslint-disable-line no-control-regex

const FRAGMENTS = [
  '\x1b',
  '\x1b[',
  '\x1b]',
  '\x1b]0;',
  '\x1b]52;c;',
  '\x1b]8;;',
  '\x1bP',
  '\x1b_',
  '\x1b^',
  '\x1bX',
  '\x1b\\',
  '\x07',
  '\x9b',
  '\x9d',
  '\x90',
  '\x9c',
  '\x1b[31m',
  '\x1b[0m',
  '\x1b[38;5;196m',
  '\x1b[38;2;1;2;3m',
  '\x1b[2J',
  '\x1b[?1049h',
  '\x1b[10A',
  '\x1b[6n',
  '\x1b[>c',
  '\x1b(0',
  '\x1b#8',
  '\x1bc',
  '\r',
  '\b',
  '\0',
  '\x7f',
  '\ufffd',
  'PWNED',
  'text',
  ';',
  'm',
];

const hostileLine = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 40 }).map((parts) => parts.join(''));

describe('console neutralisation of terminal sequences', () => {
  it('no control character survives into a span or the plain text, whatever the line', () => {
    fc.assert(
      fc.property(hostileLine, (text) => {
        for (const s of toSegments(text)) {
          expect(s.text).not.toMatch(CONTROL);
          expect(s.className).toMatch(/^[a-z0-9 -]*$/);
          if (s.color !== undefined) expect(s.color).toMatch(/^rgb\(\d{1,3}, \d{1,3}, \d{1,3}\)$/);
          if (s.background !== undefined) expect(s.background).toMatch(/^rgb\(\d{1,3}, \d{1,3}, \d{1,3}\)$/);
        }
        expect(plainText({ text })).not.toMatch(CONTROL);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['window title (OSC 0, BEL)', 'a\x1b]0;PWNED\x07b', 'ab'],
    ['window title (OSC 2, ST)', 'a\x1b]2;PWNED\x1b\\b', 'ab'],
    ['clipboard write (OSC 52)', 'a\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07b', 'ab'],
    ['hyperlink (OSC 8)', '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\', 'click'],
    ['8-bit OSC and ST', 'a\x9d0;PWNED\x9cb', 'ab'],
    ['unterminated OSC', 'a\x1b]0;PWNED', 'a'],
    ['cursor movement and clear', '\x1b[2J\x1b[H\x1b[10Amoved', 'moved'],
    ['alternate screen', '\x1b[?1049hx\x1b[?1049l', 'x'],
    ['device status request', 'a\x1b[6nb', 'ab'],
    ['DCS string', 'a\x1bP1$tPWNED\x1b\\b', 'ab'],
    ['charset switch', 'a\x1b(0b', 'ab'],
    ['carriage return overwrite', 'hidden\rshown', 'shown'],
    ['bell and backspace', 'a\x07\x08b', 'ab'],
  ])('%s is removed', (_what, text, shown) => {
    expect(toSegments(text).map((s) => s.text).join('')).toBe(shown);
  });

  it('colours survive as class names only', () => {
    const segments = toSegments('\x1b[1;31mred\x1b[0m plain');
    expect(segments[0]).toMatchObject({ text: 'red' });
    expect(segments[0]?.className).toContain('ansi-red-fg');
    expect(segments.map((s) => s.text).join('')).toBe('red plain');
  });
});
