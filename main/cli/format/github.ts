import type { Finding } from './findings';

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), one per finding, so a CI log
 * shows them as annotations on the pull request. Escaping follows the runner's own rules (actions/toolkit
 * command.ts): % CR LF in the message; those plus : and , in properties.
 */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** error → error; warning → warning; everything lower (info, style, note…) → notice. */
export function annotationLevel(severity: string): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

export function githubAnnotation(f: Finding, shownPath: string): string {
  const props: [string, string | number][] = [['file', shownPath]];
  if (f.line > 0) props.push(['line', f.line]);
  if (f.line > 0 && f.column > 0) props.push(['col', f.column]);
  if (f.endLine !== undefined && f.endLine > 0) props.push(['endLine', f.endLine]);
  if (f.endLine !== undefined && f.endColumn !== undefined && f.endColumn > 0) props.push(['endColumn', f.endColumn]);
  if (f.code !== '') props.push(['title', f.code]);
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${annotationLevel(f.severity)} ${list}::${escapeData(f.message)}\n`;
}
