import path from 'node:path';
import { formatCount } from '../../shared/format';
import { languageOf, type LanguageId } from '../../shared/languages';
import type { ProjectSummary } from '../../shared/projects';
import { BUILTIN_TOOLS } from '../../shared/tools';
import type { CountedReason, LeftOut, ScanResult } from './scan';

export function defaultSuggestTools(languages: LanguageId[]): string[] {
  const present = new Set(languages);
  return BUILTIN_TOOLS.filter((t) => present.has(t.sourceLanguage)).map((t) => t.id);
}

/** Files per language, most files first; `extra`: files known by their content rather than their name. */
export function countLanguages(paths: Iterable<string>, extra: Partial<Record<LanguageId, number>> = {}): ProjectSummary['languages'] {
  const counts = new Map<LanguageId, number>();
  for (const p of paths) {
    const id = languageOf(path.posix.basename(p));
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  for (const [id, n] of Object.entries(extra) as [LanguageId, number][]) {
    if (n > 0) counts.set(id, (counts.get(id) ?? 0) + n);
  }
  return [...counts].map(([id, files]) => ({ id, files })).sort((a, b) => b.files - a.files || a.id.localeCompare(b.id));
}

const REASON_WORDS: Record<CountedReason, string> = {
  'link-outside': 'links outside the project',
  link: 'links to folders or broken links',
  'special-file': 'special files',
  unreadable: 'unreadable files',
};

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "node_modules/, build/ …: 1,234 files" — the first names, then how many files that was. */
function leftOutText(l: LeftOut, entries: number): string {
  const more = entries > l.names.length ? ` and ${formatCount(entries - l.names.length)} more` : '';
  const files = `${l.capped ? 'at least ' : ''}${plural(l.files, 'file', 'files')}`;
  return `${l.names.join(', ')}${more}: ${files}`;
}

export function warningsFor(scan: ScanResult, suggestedTools: readonly string[]): string[] {
  const warnings: string[] = [];
  const reasons = (Object.keys(REASON_WORDS) as CountedReason[]).filter((r) => scan.skippedCounts[r] > 0);
  const skipped = reasons.reduce((n, r) => n + scan.skippedCounts[r], 0);
  if (skipped > 0) {
    warnings.push(
      `${plural(skipped, 'file was', 'files were')} skipped (${reasons.map((r) => REASON_WORDS[r]).join(', ')}).`,
    );
  }
  if (scan.ignoredFolders > 0) {
    warnings.push(
      `${plural(scan.ignoredFolders, 'folder was', 'folders were')} left out as version control, dependencies or build output` +
        ` (${leftOutText(scan.leftOut.rule, scan.ignoredFolders)}).`,
    );
  }
  if (scan.gitignored > 0) {
    warnings.push(
      `${plural(scan.gitignored, 'entry', 'entries')} listed in .gitignore ${scan.gitignored === 1 ? 'was' : 'were'} left out` +
        ` (${leftOutText(scan.leftOut.gitignore, scan.gitignored)}; a setting can include them).`,
    );
  }
  if (scan.nonPortableCount > 0) {
    warnings.push(`${plural(scan.nonPortableCount, 'file name', 'file names')} may not work on Windows.`);
  }
  if (suggestedTools.length === 0) warnings.push("No files in a language Hapyy's tools read.");
  return warnings;
}
