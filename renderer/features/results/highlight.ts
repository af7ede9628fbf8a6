import type { HLJSApi, LanguageFn } from 'highlight.js';
import { languageOf } from '../../../shared/languages';

/** A run of text with the highlighter's classes (e.g. "hljs-keyword"). */
export interface Token {
  text: string;
  className: string;
}

/**
 * The highlighter is loaded on first use only (code splitting keeps it out of the startup bundle), and only the
 * grammars a preview needs are loaded, one dynamic import each.
 */
const GRAMMARS: Record<string, () => Promise<{ default: LanguageFn }>> = {
  bash: () => import('highlight.js/lib/languages/bash'),
  c: () => import('highlight.js/lib/languages/c'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  java: () => import('highlight.js/lib/languages/java'),
  javascript: () => import('highlight.js/lib/languages/javascript'),
  json: () => import('highlight.js/lib/languages/json'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  python: () => import('highlight.js/lib/languages/python'),
  rust: () => import('highlight.js/lib/languages/rust'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  xml: () => import('highlight.js/lib/languages/xml'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
  ini: () => import('highlight.js/lib/languages/ini'),
  diff: () => import('highlight.js/lib/languages/diff'),
};

const ALIASES: Record<string, string> = {
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  py: 'python',
  ts: 'typescript',
  tsx: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  'c++': 'cpp',
  cs: 'csharp',
  'c#': 'csharp',
  rs: 'rust',
  html: 'xml',
  svg: 'xml',
  md: 'markdown',
  yml: 'yaml',
  toml: 'ini',
  patch: 'diff',
};

const EXTENSIONS: Record<string, string> = {
  '.json': 'json',
  '.md': 'markdown',
  '.xml': 'xml',
  '.html': 'xml',
  '.svg': 'xml',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.toml': 'ini',
  '.ini': 'ini',
  '.diff': 'diff',
  '.patch': 'diff',
};

/** The grammar for a preview: main's language if it names one we have, else the file's extension. */
export function grammarFor(language: string | null, path: string): string | null {
  const named = language?.toLowerCase();
  if (named) {
    const g = ALIASES[named] ?? named;
    if (GRAMMARS[g]) return g;
  }
  const byLanguage = languageOf(path);
  if (byLanguage && GRAMMARS[byLanguage]) return byLanguage;
  const dot = path.lastIndexOf('.');
  return dot > 0 ? (EXTENSIONS[path.slice(dot).toLowerCase()] ?? null) : null;
}

let core: Promise<HLJSApi> | null = null;

/** Highlighted lines, or null when the grammar is unknown or the output cannot be read back safely. */
export async function highlightLines(text: string, grammar: string): Promise<Token[][] | null> {
  const load = GRAMMARS[grammar];
  if (!load) return null;
  core ??= import('highlight.js/lib/core').then((m) => m.default);
  const hljs = await core;
  if (!hljs.getLanguage(grammar)) hljs.registerLanguage(grammar, (await load()).default);
  const html = hljs.highlight(text, { language: grammar, ignoreIllegals: true }).value;
  return htmlToLines(html);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };
const TOKEN = /<span class="([\w\- .]*)">|<\/span>|([^<]+)/y;

/**
 * Reads highlight.js's HTML back into plain tokens per line, so the preview renders React text nodes and
 * never sets innerHTML. Its output only ever holds <span class="…">, </span> and escaped text; anything
 * else means the input is not what we expect, and the caller shows plain text instead.
 */
export function htmlToLines(html: string): Token[][] | null {
  const lines: Token[][] = [[]];
  const stack: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < html.length) {
    const m = TOKEN.exec(html);
    if (!m) return null;
    if (m[1] !== undefined) stack.push(m[1].replace(/\./g, ' '));
    else if (m[0] === '</span>') {
      if (stack.pop() === undefined) return null;
    } else {
      const text = (m[2] ?? '').replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (e) => ENTITIES[e] ?? e);
      const className = stack.join(' ');
      text.split('\n').forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part) lines[lines.length - 1]?.push({ text: part, className });
      });
    }
  }
  return lines;
}
