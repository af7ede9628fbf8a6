/**
 * A small matcher for one .gitignore file (hand-written: no gitignore package is installed).
 * Supports comments, `!` negation (last match wins), trailing `/` (folders only), leading or inner `/` (anchored to the
 * file's folder), `*`, `?`, `**` and `[...]` classes. How several files combine is in ignore-stack.ts.
 */
export type IgnoreMatcher = (rel: string, isDir: boolean) => boolean;
/** One file's verdict: true ignored, false re-included by a `!` rule, undefined no rule matched (ask the next file). */
export type IgnoreRules = (rel: string, isDir: boolean) => boolean | undefined;

interface Rule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** Keeps a hostile .gitignore from making every lookup slow. */
const MAX_RULES = 2000;

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i] as string;
    if (ch === '*') {
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      if (glob[i + 1] === '*' && atSegmentStart && (i + 2 === glob.length || glob[i + 2] === '/')) {
        if (i + 2 === glob.length) {
          out += '.*';
        } else {
          out += '(?:.*/)?';
          i += 1; // the slash
        }
        i += 1;
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let body = glob.slice(i + 1, close);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        out += `[${negated ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
        i = close;
      }
    } else if (ch === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1] as string);
      i += 1;
    } else {
      out += escapeRegex(ch);
    }
  }
  return out;
}

function parseLine(raw: string): Rule | null {
  let line = raw.replace(/(?<!\\)[ \t]+$/, '');
  if (line === '' || line.startsWith('#')) return null;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/')) {
    dirOnly = true;
    line = line.slice(0, -1);
  }
  if (line === '') return null;
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const body = globToRegex(line);
  try {
    return { re: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`), negate, dirOnly };
  } catch {
    return null; // a pattern git would also fail to make sense of
  }
}

export function compileGitignoreRules(text: string): IgnoreRules {
  const rules: Rule[] = [];
  for (const line of text.split(/\r?\n/)) {
    const rule = parseLine(line);
    if (rule) rules.push(rule);
    if (rules.length >= MAX_RULES) break;
  }
  return (rel, isDir) => {
    let verdict: boolean | undefined;
    for (const r of rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.re.test(rel)) verdict = !r.negate;
    }
    return verdict;
  };
}

export function compileGitignore(text: string): IgnoreMatcher {
  const rules = compileGitignoreRules(text);
  return (rel, isDir) => rules(rel, isDir) ?? false;
}
