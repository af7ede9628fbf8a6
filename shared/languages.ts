/** Languages Hapyy knows, and the file extensions that identify them. One table; intake and the tool picker derive from it. */
export const LANGUAGES = {
  cpp: { name: 'C++', extensions: ['.cpp', '.cc', '.cxx', '.hpp', '.hh', '.hxx', '.h'] },
  c: { name: 'C', extensions: ['.c'] },
  rust: { name: 'Rust', extensions: ['.rs'] },
  csharp: { name: 'C#', extensions: ['.cs'] },
  java: { name: 'Java', extensions: ['.java'] },
  python: { name: 'Python', extensions: ['.py', '.pyi'] },
  typescript: { name: 'TypeScript', extensions: ['.ts', '.tsx', '.mts', '.cts'] },
  javascript: { name: 'JavaScript', extensions: ['.js', '.jsx', '.mjs', '.cjs'] },
  bash: { name: 'Bash', extensions: ['.sh', '.bash'] },
} as const satisfies Record<string, { name: string; extensions: readonly string[] }>;

export type LanguageId = keyof typeof LANGUAGES;
export const LANGUAGE_IDS = Object.keys(LANGUAGES) as [LanguageId, ...LanguageId[]];

const byExtension = new Map<string, LanguageId>();
for (const [id, lang] of Object.entries(LANGUAGES) as [LanguageId, (typeof LANGUAGES)[LanguageId]][]) {
  for (const ext of lang.extensions) byExtension.set(ext, id);
}

/** The language of a file name, by its extension (case-insensitive), or undefined. */
export function languageOf(fileName: string): LanguageId | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return byExtension.get(fileName.slice(dot).toLowerCase());
}
