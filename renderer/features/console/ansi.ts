/* eslint-disable no-control-regex -- matching terminal control characters is this module's job */
import Anser from 'anser';

/**
 * Terminal output made safe to show. Only SGR (colour and style) sequences survive; every other control
 * sequence is removed before anything is parsed: OSC (window title, OSC 52 clipboard writes, hyperlinks),
 * DCS/APC/PM/SOS strings, cursor movement and erase (CSI … other than `m`), charset switches, C1 controls,
 * and C0 controls other than tab. A carriage return keeps what a terminal would finally show: the text after it.
 */
const STRING_SEQUENCES = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
const CSI = /(?:\x1b\[|\x9b)([0-?]*)([ -/]*)([@-~])/g;
const OTHER_ESCAPES = /\x1b(?:[ -/]*[0-~])?/g;
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
const SGR_PARAMS = /^[0-9;:]*$/;

export function sanitize(text: string): string {
  let s = text;
  const cr = s.lastIndexOf('\r', s.length - 2);
  if (cr >= 0) s = s.slice(cr + 1);
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(s)) return s;
  s = s.replace(STRING_SEQUENCES, '');
  s = s.replace(CSI, (all, params: string, inter: string, final: string) => (final === 'm' && inter === '' && SGR_PARAMS.test(params) ? `\x1b[${params}m` : ''));
  // Keep the SGR sequences just rebuilt; drop any other escape and bare control characters.
  const parts = s.split(/(\x1b\[[0-9;:]*m)/);
  return parts.map((p, i) => (i % 2 === 1 ? p : p.replace(OTHER_ESCAPES, '').replace(CONTROLS, ''))).join('');
}

export interface Segment {
  text: string;
  /** Class names for the 16 theme colours and decorations. */
  className: string;
  /** Exact colours (256-colour palette above 15, true colour): set through the CSSOM, which the CSP allows. */
  color?: string;
  background?: string;
}

const plainCache = new WeakMap<object, string>();
const segmentCache = new WeakMap<object, Segment[]>();

/** The line as plain text (no escapes), for search and copy. Cached per line object. */
export function plainText(line: { text: string }): string {
  let plain = plainCache.get(line);
  if (plain === undefined) {
    plain = sanitize(line.text).replace(/\x1b\[[0-9;:]*m/g, '');
    plainCache.set(line, plain);
  }
  return plain;
}

/** The line as styled segments. Cached per line object, so scrolling back and forth parses each line once. */
export function segmentsOf(line: { text: string }): Segment[] {
  let segments = segmentCache.get(line);
  if (!segments) {
    segments = toSegments(line.text);
    segmentCache.set(line, segments);
  }
  return segments;
}

export function toSegments(text: string): Segment[] {
  const safe = sanitize(text);
  if (!safe.includes('\x1b')) return safe ? [{ text: safe, className: '' }] : [];
  const out: Segment[] = [];
  for (const entry of Anser.ansiToJson(safe, { json: true, remove_empty: true, use_classes: true })) {
    // Anser passes through anything it does not understand as text; sanitize() left nothing but SGR, but be sure.
    const content = entry.content.replace(CONTROLS, '');
    if (!content) continue;
    // Anser already swaps fg/bg for reverse video (SGR 7).
    const fg = colourOf(entry.fg, entry.fg_truecolor);
    const bg = colourOf(entry.bg, entry.bg_truecolor);
    const classes: string[] = [];
    if (fg?.cls) classes.push(`${fg.cls}-fg`);
    if (bg?.cls) classes.push(`${bg.cls}-bg`);
    for (const d of entry.decorations ?? []) if (d !== 'reverse' && d !== 'blink' && d !== 'hidden') classes.push(`ansi-${d}`);
    const segment: Segment = { text: content, className: classes.join(' ') };
    if (fg?.rgb) segment.color = fg.rgb;
    if (bg?.rgb) segment.background = bg.rgb;
    out.push(segment);
  }
  return out;
}

interface Colour {
  cls?: string;
  rgb?: string;
}

const NAMED = /^ansi-(bright-)?(black|red|green|yellow|blue|magenta|cyan|white)$/;

function colourOf(cls: string | null, truecolor: string | null): Colour | undefined {
  if (!cls) return undefined;
  if (NAMED.test(cls)) return { cls };
  if (cls === 'ansi-truecolor' && truecolor && /^\d{1,3}, \d{1,3}, \d{1,3}$/.test(truecolor)) return { rgb: `rgb(${truecolor})` };
  const palette = /^ansi-palette-(\d{1,3})$/.exec(cls);
  if (palette) return paletteColour(Number(palette[1]));
  return undefined;
}

const BASE16 = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/** xterm's 256-colour palette: 0–15 follow the theme, 16–231 a 6×6×6 cube, 232–255 a grey ramp. */
export function paletteColour(n: number): Colour | undefined {
  if (n < 0 || n > 255) return undefined;
  if (n < 16) return { cls: `ansi-${n >= 8 ? 'bright-' : ''}${BASE16[n % 8]}` };
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return { rgb: `rgb(${v}, ${v}, ${v})` };
  }
  const i = n - 16;
  const level = (k: number) => (k === 0 ? 0 : 55 + k * 40);
  return { rgb: `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})` };
}
