import { describe, expect, it } from 'vitest';
import { call } from '../../renderer/api/call';
import { resolveTheme } from '../../renderer/app/use-theme';
import { buildTreeGroups } from '../../renderer/features/results/file-tree';
import { grammarFor, highlightLines, htmlToLines } from '../../renderer/features/results/highlight';
import { inputPath, joinRunPath } from '../../renderer/features/results/run-path';
import { setIn } from '../../renderer/features/settings/draft';
import { describeIssue, fieldId } from '../../renderer/features/settings/field-issues';
import { MB } from '../../renderer/features/settings/units';
import { validateDraft } from '../../renderer/features/settings/validate';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { installFakeApi } from './fake-api';
import { toolList } from './fixtures';

describe('call()', () => {
  it('unwraps nothing and never throws: a broken bridge becomes an internal error', async () => {
    installFakeApi({
      'jobs:list': () => {
        throw new TypeError('boom');
      },
    });
    const result = await call('jobs:list', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Hapyy could not reach its background service.' } });
  });

  it('passes the request to the channel’s method', async () => {
    const fake = installFakeApi();
    const result = await call('jobs:get', { jobId: 'j' });
    expect(result.ok).toBe(true);
    expect(fake.calls).toEqual([{ channel: 'jobs:get', request: { jobId: 'j' } }]);
  });
});

describe('highlighting', () => {
  it('reads highlight.js output back into tokens per line, decoding entities', () => {
    const html = '<span class="hljs-keyword">if</span> a &lt; b &amp;&amp; c\n<span class="hljs-string">&quot;x\ny&quot;</span>';
    expect(htmlToLines(html)).toEqual([
      [
        { text: 'if', className: 'hljs-keyword' },
        { text: ' a < b && c', className: '' },
      ],
      [{ text: '"x', className: 'hljs-string' }],
      [{ text: 'y"', className: 'hljs-string' }],
    ]);
  });

  it('refuses anything but spans and text', () => {
    expect(htmlToLines('<img src=x onerror=alert(1)>')).toBeNull();
    expect(htmlToLines('<span class="a" onclick="x">t</span>')).toBeNull();
    expect(htmlToLines('</span>')).toBeNull();
  });

  it('picks a grammar from the preview language or the file name', () => {
    expect(grammarFor('bash', 'x')).toBe('bash');
    expect(grammarFor('sh', 'x')).toBe('bash');
    expect(grammarFor(null, 'input/a/b.py')).toBe('python');
    expect(grammarFor(null, 'output/report.json')).toBe('json');
    expect(grammarFor(null, 'run.log')).toBeNull();
    expect(grammarFor('klingon', 'x.rs')).toBe('rust');
  });

  it('highlights with the lazily loaded core and grammar, keeping the text intact', async () => {
    const code = 'for f in *.sh; do\n  echo "$f" <b>\ndone';
    const result = await highlightLines(code, 'bash');
    expect(result).not.toBeNull();
    expect(result?.map((line) => line.map((t) => t.text).join(''))).toEqual(code.split('\n'));
    expect(result?.[0]?.some((t) => t.className.includes('hljs-keyword'))).toBe(true);
  });
});

describe('file tree', () => {
  it('groups outputs, changes to the project copy and inputs, as folders', () => {
    const groups = buildTreeGroups([
      { path: 'output', name: 'output', type: 'dir', size: 0, origin: 'output' },
      { path: 'output/a/b.txt', name: 'b.txt', type: 'file', size: 1, origin: 'output' },
      { path: 'output/c.txt', name: 'c.txt', type: 'file', size: 1, origin: 'output' },
      { path: 'input/x.sh', name: 'x.sh', type: 'file', size: 1, origin: 'input' },
      { path: 'input/new.sh', name: 'new.sh', type: 'file', size: 1, origin: 'input-new' },
    ]);
    expect(groups.outputs.count).toBe(2);
    expect(groups.outputs.dirs.map((d) => d.path)).toEqual(['output/a']);
    expect(groups.outputs.dirs[0]?.files.map((f) => f.path)).toEqual(['output/a/b.txt']);
    expect(groups.outputs.files.map((f) => f.path)).toEqual(['output/c.txt']);
    expect(groups.inputs.files.map((f) => f.path)).toEqual(['input/x.sh']);
    expect(groups.changed.files.map((f) => f.path)).toEqual(['input/new.sh']);
  });

  it('joins run paths in the root’s style', () => {
    expect(joinRunPath('/data/runs/j1/', 'output/a.txt')).toBe('/data/runs/j1/output/a.txt');
    expect(joinRunPath('C:\\Users\\me\\runs\\j1', 'output/a/b.txt')).toBe('C:\\Users\\me\\runs\\j1\\output\\a\\b.txt');
    expect(inputPath('./lib/x.sh')).toBe('input/lib/x.sh');
  });
});

describe('settings validation', () => {
  const tools = toolList();
  it('passes the defaults', () => {
    const v = validateDraft(DEFAULT_SETTINGS, '', tools);
    expect(v.settings).toEqual(DEFAULT_SETTINGS);
    expect(v.issues.size).toBe(0);
  });

  it('names the field of each problem the way main does', () => {
    const v = validateDraft(setIn(DEFAULT_SETTINGS, ['limits', 'memoryBytes'], 1), '', tools);
    expect(v.settings).toBeNull();
    expect([...v.issues.keys()]).toEqual(['limits.memoryBytes']);
    expect(describeIssue(v.issues.get('limits.memoryBytes')!, MB)).toBe('At least 16 MB.');
    expect(fieldId(['customTools', 2, 'args', 0])).toBe('customTools[2].args[0]');
  });

  it('checks custom tools one by one, with unique ids', () => {
    const tool = { id: 'mine', name: 'Mine', category: 'linter', sourceLanguage: 'bash', command: 'mine' };
    expect(validateDraft(DEFAULT_SETTINGS, JSON.stringify([tool]), tools).settings?.customTools).toEqual([tool]);
    expect(validateDraft(DEFAULT_SETTINGS, JSON.stringify([tool, tool]), tools).customProblems).toEqual(['customTools[1].id: duplicate id "mine"']);
    expect(validateDraft(DEFAULT_SETTINGS, JSON.stringify([{ ...tool, extra: 1 }]), tools).customProblems).toEqual(['customTools[0].extra: unknown field']);
    expect(validateDraft(DEFAULT_SETTINGS, '{"id":"x"}', tools).customProblems[0]).toContain('must be a JSON list');
  });

  it('setIn removes a key set to undefined and copies on the way', () => {
    const a = { x: { y: 1, z: 2 } };
    const b = setIn(a, ['x', 'y'], undefined);
    expect(b).toEqual({ x: { z: 2 } });
    expect(a).toEqual({ x: { y: 1, z: 2 } });
  });

  it('resolves the theme', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
  });
});
