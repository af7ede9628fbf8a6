import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * WCAG AA for the theme tokens: every text colour the CSS puts on a surface reaches 4.5:1 there, in both themes.
 * Reads renderer/styles/tokens.css itself, so a colour change that breaks contrast fails here.
 */
const css = readFileSync(join(import.meta.dirname, '../../renderer/styles/tokens.css'), 'utf8');

function tokens(selector: RegExp): Record<string, string> {
  const block = selector.exec(css)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)) out[m[1] as string] = (m[2] as string).toLowerCase();
  return out;
}

const light = tokens(/:root\[data-theme='light'\]\s*\{([^}]*)\}/);
const dark = { ...light, ...tokens(/:root\[data-theme='dark'\]\s*\{([^}]*)\}/) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const ANSI = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'].flatMap((c) => [`ansi-${c}`, `ansi-bright-${c}`]);
const HL = ['hl-keyword', 'hl-string', 'hl-number', 'hl-comment', 'hl-title', 'hl-type', 'hl-attr', 'hl-meta', 'hl-added', 'hl-removed'];

/** [text token, surface token] pairs as the stylesheets use them. */
const PAIRS: [string, string][] = [
  ...['bg', 'bg-sidebar', 'bg-activity', 'bg-elev', 'bg-subtle', 'bg-hover', 'bg-active', 'warning-bg', 'danger-bg', 'info-bg', 'success-bg'].map((s): [string, string] => ['text', s]),
  ...['bg', 'bg-sidebar', 'bg-activity', 'bg-elev', 'bg-subtle', 'bg-hover'].map((s): [string, string] => ['text-muted', s]),
  ['accent', 'bg'],
  ['accent', 'bg-elev'],
  ['accent', 'accent-subtle'],
  ['accent', 'bg-sidebar'],
  ['accent-on', 'accent-bg'],
  ['accent-on', 'accent-bg-hover'],
  ['success', 'success-bg'],
  ['success', 'bg-sidebar'],
  ['warning', 'warning-bg'],
  ['warning', 'bg'],
  ['warning', 'bg-elev'],
  ['danger', 'danger-bg'],
  ['danger', 'bg'],
  ['danger', 'bg-elev'],
  ['info', 'info-bg'],
  ['info', 'bg'],
  ['text', 'code-target-bg'],
  ['console-text', 'console-bg'],
  ['console-text', 'console-stderr-bg'],
  ['console-text', 'mark-bg'],
  ['console-text', 'mark-current-bg'],
  ['console-gutter', 'console-bg'],
  ['console-system', 'console-bg'],
  ['danger', 'console-stderr-bg'],
  ...ANSI.map((c): [string, string] => [c, 'console-bg']),
  ...HL.map((c): [string, string] => [c, 'console-bg']),
];

describe('WCAG AA contrast of the theme tokens', () => {
  for (const [name, theme] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`${name}: every text colour reaches 4.5:1 on its surface`, () => {
      const failures: string[] = [];
      for (const [fg, bg] of PAIRS) {
        const a = theme[fg];
        const b = theme[bg];
        if (!a || !b) {
          failures.push(`missing token ${!a ? fg : bg}`);
          continue;
        }
        const ratio = contrast(a, b);
        if (ratio < 4.5) failures.push(`${fg} ${a} on ${bg} ${b}: ${ratio.toFixed(2)}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('the dark theme’s danger button (a literal in controls.css) keeps white text readable', () => {
    const controls = readFileSync(join(import.meta.dirname, '../../renderer/styles/controls.css'), 'utf8');
    const bg = /:root\[data-theme='dark'\] \.btn-danger \{\s*background: (#[0-9a-f]{6})/i.exec(controls)?.[1];
    expect(bg).toBeDefined();
    expect(contrast('#ffffff', bg as string)).toBeGreaterThanOrEqual(4.5);
  });

  it('the checker itself is right on known pairs', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
