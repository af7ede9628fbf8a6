import { describe, expect, it } from 'vitest';
import { countLine, formatFinding, projectPathNamer, toFinding, type Finding } from '../../../main/cli/format/findings';
import { annotationLevel, githubAnnotation } from '../../../main/cli/format/github';
import { ruleHelpUri } from '../../../main/cli/format/rule-links';

const f = (patch: Partial<Finding> = {}): Finding => ({ file: 'src/a.sh', line: 3, column: 7, severity: 'warning', code: 'SC2086', message: 'Quote it.', ...patch });

describe('findings as the CLI reads them', () => {
  it('takes fields it does not know yet (a rule link, a `style` severity) and skips entries that are not findings', () => {
    expect(toFinding({ ...f(), severity: 'style', ruleUrl: 'https://docs.astral.sh/ruff/rules/unused-import/', extra: 1 })).toEqual({
      ...f(),
      severity: 'style',
      ruleUrl: 'https://docs.astral.sh/ruff/rules/unused-import/',
    });
    expect(toFinding({ file: 'x' })).toBeNull();
    expect(toFinding('nope')).toBeNull();
    expect(toFinding({ file: 'x', message: 'm', ruleUrl: 'javascript:alert(1)' })).toEqual({ file: 'x', message: 'm', line: 0, column: 0, severity: 'warning', code: '' });
  });

  it('prints path:line:col  severity  code  message, leaving out what the engine did not give', () => {
    expect(formatFinding(f(), 'p/src/a.sh')).toBe('p/src/a.sh:3:7  warning  SC2086  Quote it.');
    expect(formatFinding(f({ column: 0 }), 'a.sh')).toBe('a.sh:3  warning  SC2086  Quote it.');
    expect(formatFinding(f({ line: 0, column: 0, code: '', message: 'two\nlines' }), 'a.sh')).toBe('a.sh  warning  two lines');
  });

  it('names files as the user named the project', () => {
    expect(projectPathNamer('/w/proj', 'folder', '/w')('src/a.sh')).toBe('proj/src/a.sh');
    expect(projectPathNamer('/w/proj', 'folder', '/w/proj')('src/a.sh')).toBe('src/a.sh');
    expect(projectPathNamer('/elsewhere/proj', 'folder', '/w')('a.sh')).toBe('/elsewhere/proj/a.sh');
    expect(projectPathNamer('/w/one.sh', 'file', '/w')('one.sh')).toBe('one.sh');
    expect(projectPathNamer('/w/app.zip', 'zip', '/w')('src/a.sh')).toBe('app.zip!/src/a.sh');
  });

  it('counts by severity, errors and warnings always named', () => {
    expect(countLine([])).toBe('0 errors, 0 warnings');
    expect(countLine([f({ severity: 'error' }), f(), f(), f({ severity: 'style' })])).toBe('1 error, 2 warnings, 1 style');
  });
});

describe('GitHub annotations', () => {
  it('maps severities and escapes the way the Actions runner reads them', () => {
    expect(['error', 'warning', 'info', 'style'].map(annotationLevel)).toEqual(['error', 'warning', 'notice', 'notice']);
    expect(githubAnnotation(f({ endLine: 3, endColumn: 9 }), 'src/a.sh')).toBe('::warning file=src/a.sh,line=3,col=7,endLine=3,endColumn=9,title=SC2086::Quote it.\n');
    expect(githubAnnotation(f({ message: '100% sure\nnext, line' }), 'we,ird:name.sh')).toBe(
      '::warning file=we%2Cird%3Aname.sh,line=3,col=7,title=SC2086::100%25 sure%0Anext, line\n',
    );
  });
});

describe('rule links', () => {
  it('ShellCheck codes link to the wiki; a link from the engine wins; TypeScript codes have none', () => {
    expect(ruleHelpUri('SC2086')).toBe('https://www.shellcheck.net/wiki/SC2086');
    expect(ruleHelpUri('F401', 'https://docs.astral.sh/ruff/rules/unused-import')).toBe('https://docs.astral.sh/ruff/rules/unused-import');
    expect(ruleHelpUri('TS2322')).toBeUndefined();
  });
});
