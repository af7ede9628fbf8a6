import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = join(import.meta.dirname, '../../renderer');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const sources = files(RENDERER).filter((f) => /\.(ts|tsx)$/.test(f));

describe('renderer rules', () => {
  it('index.html carries the strict CSP and loads main.tsx as a module, with nothing inline', () => {
    const html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(html).toContain('<script type="module" src="./main.tsx"></script>');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<style|\sstyle="|\son\w+="|https?:\/\//);
    // Something to paint (and announce) before the script has loaded: the first paint does not wait for React.
    expect(html).toMatch(/<div id="root"><div class="loading" role="status">.*Loading…<\/span><\/div><\/div>/);
  });

  it('never sets HTML from strings, evaluates code, or reaches Node, Electron, main or preload', () => {
    const offences: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      const name = relative(RENDERER, file);
      if (/dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|\beval\(|new Function\(/.test(text)) offences.push(`${name}: HTML/code from strings`);
      for (const m of text.matchAll(/from '([^']+)'|import\('([^']+)'\)/g)) {
        const spec = m[1] ?? m[2] ?? '';
        if (spec.startsWith('node:') || spec === 'electron' || /(^|\/)(main|preload)\//.test(spec) || ['fs', 'path', 'child_process', 'os'].includes(spec)) {
          offences.push(`${name}: imports ${spec}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('loads highlight.js only through dynamic imports', () => {
    const offences = sources.filter((f) => /from 'highlight\.js/.test(readFileSync(f, 'utf8').replace(/import type [^;]+;/g, '')));
    expect(offences.map((f) => relative(RENDERER, f))).toEqual([]);
  });

  it('has no remote assets in the stylesheets (offline app)', () => {
    const css = files(join(RENDERER, 'styles')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(css).not.toMatch(/url\(|https?:|@font-face/);
  });
});
