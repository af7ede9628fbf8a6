import path from 'node:path';
import { languageOf } from '../../shared/languages';

/**
 * The highlight.js language for a file name, or null. Hapyy's own languages come from shared/languages (one table);
 * the rest are formats tools commonly write next to them.
 */
const BY_EXTENSION: Record<string, string> = {
  '.json': 'json',
  '.jsonl': 'json',
  '.sarif': 'json',
  '.xml': 'xml',
  '.html': 'xml',
  '.htm': 'xml',
  '.svg': 'xml',
  '.csproj': 'xml',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.toml': 'ini',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.css': 'css',
  '.sql': 'sql',
  '.diff': 'diff',
  '.patch': 'diff',
  '.go': 'go',
  '.kt': 'kotlin',
  '.swift': 'swift',
  '.rb': 'ruby',
  '.php': 'php',
  '.txt': 'plaintext',
  '.log': 'plaintext',
  '.csv': 'plaintext',
};

const BY_NAME: Record<string, string> = {
  makefile: 'makefile',
  gnumakefile: 'makefile',
  dockerfile: 'dockerfile',
  'cargo.lock': 'ini',
  '.gitignore': 'plaintext',
  license: 'plaintext',
  readme: 'plaintext',
};

export function languageForFile(fileName: string): string | null {
  const base = path.posix.basename(fileName.replace(/\\/g, '/'));
  const lower = base.toLowerCase();
  const named = BY_NAME[lower];
  if (named) return named;
  const hapyy = languageOf(base);
  if (hapyy) return hapyy; // the ids (cpp, c, rust, csharp, java, python, typescript, javascript, bash) are highlight.js names
  const dot = lower.lastIndexOf('.');
  return dot > 0 ? (BY_EXTENSION[lower.slice(dot)] ?? null) : null;
}
