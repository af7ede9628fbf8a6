import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CompareResultSchema, COMPARE_PAGE_SIZE, openedCompare, pageOf, type CompareOpened, type CompareResult, type ComparedProblem } from '../../shared/compare';
import type { Diagnostic } from '../../shared/diagnostics';
import { AppError } from '../../shared/errors';
import CompareView from '../../renderer/features/compare/CompareView';
import { HistoryView } from '../../renderer/features/history/HistoryView';
import { ResultActions } from '../../renderer/features/results/ResultActions';
import { deferred, installFakeApi, type Handlers } from './fake-api';
import { record } from './fixtures';
import { renderWithProviders } from './render';

const d = (line: number, message: string, file = 'deploy.sh'): Diagnostic => ({ file, line, column: 6, severity: 'info', code: 'SC2086', message });
const runs = [
  record({ jobId: 'a', queuedAt: 1_700_000_000_000, status: 'failed', exitCode: 1 }),
  record({ jobId: 'b', queuedAt: 1_700_000_600_000, status: 'failed', exitCode: 1 }),
  record({ jobId: 'live', queuedAt: 1_700_000_900_000, status: 'running', finishedAt: null, durationMs: null }),
];

function result(over: Partial<CompareResult['problems']> = {}, files: CompareResult['files'] = { changes: [], unchanged: 0 }): CompareResult {
  const side = (jobId: string) => ({
    jobId,
    toolId: 'bash-verification',
    toolName: 'Bash Verification',
    projectName: 'shell-scripts',
    status: 'failed' as const,
    exitCode: 1,
    durationMs: jobId === 'a' ? 1500 : 2500,
    finishedAt: 1_700_000_002_000,
    engine: { id: 'shellcheck', name: 'ShellCheck', version: jobId === 'a' ? '0.9.0' : '0.10.0', path: '/usr/bin/shellcheck' },
    diagnostics: { error: 0, warning: 0, info: 3 },
  });
  return CompareResultSchema.parse({
    a: side('a'),
    b: side('b'),
    problems: {
      new: [{ fingerprint: 'n:0', a: null, b: d(15, 'Quote added.') }],
      fixed: [{ fingerprint: 'f:0', a: d(3, 'Quote fixed.'), b: null }],
      unchanged: [
        { fingerprint: 'k:0', a: d(4, 'Quote kept.'), b: d(4, 'Quote kept.') },
        { fingerprint: 'm:0', a: d(6, 'Quote moved.'), b: d(16, 'Quote moved.') },
      ],
      ...over,
    },
    files,
    notes: [],
  });
}

/** The main side of a paged compare over one whole result: the opening answer, pages by offset, diffs by path. */
function paged(full: CompareResult, diffs: Record<string, string> = {}): Handlers {
  return {
    'jobs:compare': () => openedCompare('c1', full),
    'compare:problems': ({ state, offset, limit }) => pageOf(full.problems[state], offset, limit),
    'compare:files': ({ offset, limit }) => pageOf(full.files.changes, offset, limit),
    'compare:diff': ({ path }) => ({ diff: diffs[path] ?? null, diffNote: diffs[path] ? null : 'No difference to show.' }),
  };
}

describe('History: pick two, Compare', () => {
  it('Compare needs exactly two finished runs; the older one is A', async () => {
    installFakeApi({ 'jobs:list': () => runs });
    const { state } = renderWithProviders(<HistoryView />, { view: 'history' });
    const rows = await screen.findAllByTestId('history-row');
    const byId = (id: string) => rows.find((r) => r.getAttribute('data-job-id') === id) as HTMLElement;
    expect(within(byId('live')).queryByTestId('history-select')).toBeNull();
    const compare = screen.getByTestId('history-compare') as HTMLButtonElement;
    expect(compare.disabled).toBe(true);
    await userEvent.click(within(byId('b')).getByTestId('history-select'));
    expect(compare.disabled).toBe(true);
    expect(compare.textContent).toContain('1 of 2');
    await userEvent.click(within(byId('a')).getByTestId('history-select'));
    expect(compare.disabled).toBe(false);
    await userEvent.click(compare);
    expect(state.current?.view).toBe('compare');
    expect(state.current?.comparing).toEqual({ a: 'a', b: 'b' });
  });

  it('each checkbox is named for its run, and its name holds what the row shows', async () => {
    installFakeApi({ 'jobs:list': () => runs });
    renderWithProviders(<HistoryView />);
    const boxes = await screen.findAllByRole('checkbox');
    expect(boxes).toHaveLength(2);
    for (const box of boxes) expect(box.getAttribute('aria-label')).toMatch(/^Compare the Bash Verification run on shell-scripts, /);
    // The Re-run button's name starts with what it shows (WCAG 2.5.3, label in name).
    for (const b of screen.getAllByTestId('history-rerun')) expect(b.getAttribute('aria-label')).toMatch(/^Re-run /);
  });
});

describe('Compare with previous', () => {
  it('offered on a finished run that has an earlier run of the same tool on the same project', async () => {
    installFakeApi({ 'jobs:list': () => runs });
    const { state } = renderWithProviders(<ResultActions record={runs[1]!} />);
    await userEvent.click(await screen.findByTestId('compare-previous'));
    expect(state.current?.comparing).toEqual({ a: 'a', b: 'b' });
  });

  it('not offered on the first run', async () => {
    const fake = installFakeApi({ 'jobs:list': () => runs });
    renderWithProviders(<ResultActions record={runs[0]!} />);
    await waitFor(() => expect(fake.callsTo('jobs:list').length).toBeGreaterThan(0));
    await screen.findByTestId('rerun-button');
    expect(screen.queryByTestId('compare-previous')).toBeNull();
  });
});

describe('the compare view', () => {
  it('loading, then the runs side by side and the problems by state', async () => {
    const fake = installFakeApi(paged(result()));
    const pending = deferred<CompareOpened>();
    fake.handle('jobs:compare', () => pending.promise);
    renderWithProviders(<CompareView pair={{ a: 'a', b: 'b' }} />);
    expect(screen.getByTestId('compare-computing')).toBeTruthy();
    pending.resolve(openedCompare('c1', result()));
    const table = await screen.findByTestId('compare-runs');
    expect(table.textContent).toContain('ShellCheck 0.9.0');
    expect(table.textContent).toContain('ShellCheck 0.10.0');
    expect(table.textContent).toMatch(/Exit code11/);
    expect(fake.callsTo('jobs:compare')).toEqual([{ a: 'a', b: 'b' }]);
    expect(screen.getByTestId('compare-tab-new').textContent).toBe('New (1)');
    expect(screen.getByTestId('compare-tab-fixed').textContent).toBe('Fixed (1)');
    expect(screen.getByTestId('compare-tab-unchanged').textContent).toBe('Unchanged (2)');
    expect(screen.getAllByTestId('compare-problem').map((r) => r.textContent)).toEqual([expect.stringContaining('Quote added.')]);
  });

  it('an unchanged problem opens in either run at its own line', async () => {
    const fake = installFakeApi(paged(result()));
    fake.handle('results:preview', ({ path }) => ({ path, size: 40, kind: 'text', text: 'line\n'.repeat(20), truncated: false, language: 'bash' }));
    renderWithProviders(<CompareView pair={{ a: 'a', b: 'b' }} />);
    await userEvent.click(await screen.findByTestId('compare-tab-unchanged'));
    const moved = screen.getAllByTestId('compare-problem').find((r) => r.textContent?.includes('moved')) as HTMLElement;
    await userEvent.click(within(moved).getByRole('button', { name: 'Open in run A: deploy.sh:6' }));
    await waitFor(() => expect(fake.callsTo('results:preview')).toEqual([{ jobId: 'a', path: 'input/deploy.sh' }]));
    expect((await screen.findByTestId('preview')).textContent).toContain('input/deploy.sh:6');
    await userEvent.click(within(moved).getByRole('button', { name: 'Open in run B: deploy.sh:16' }));
    await waitFor(() => expect(fake.callsTo('results:preview').at(-1)).toEqual({ jobId: 'b', path: 'input/deploy.sh' }));
    expect((await screen.findByTestId('preview')).textContent).toContain('input/deploy.sh:16');
  });

  it('files: added, removed and changed, with the unified diff of a changed text file and sizes for a binary one', async () => {
    const diff = '--- a/output/r.txt\n+++ b/output/r.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n';
    // The window gets no diffs with the list: it asks for one when the file is picked.
    const full = result({}, {
      unchanged: 3,
      changes: [
        { path: 'output/bin.dat', change: 'changed', sizeA: 4, sizeB: 6, kind: 'binary', diff: null, diffNote: null },
        { path: 'output/new.txt', change: 'added', sizeA: null, sizeB: 6, kind: 'text', diff: null, diffNote: null },
        { path: 'output/r.txt', change: 'changed', sizeA: 8, sizeB: 8, kind: 'text', diff: null, diffNote: null },
      ],
    });
    const fake = installFakeApi(paged(full, { 'output/r.txt': diff }));
    renderWithProviders(<CompareView pair={{ a: 'a', b: 'b' }} />);
    await userEvent.click(await screen.findByTestId('compare-tab-files'));
    const files = await screen.findAllByTestId('compare-file');
    expect(files.map((f) => f.getAttribute('data-change'))).toEqual(['changed', 'added', 'changed']);
    expect(screen.getByTestId('compare-no-diff').textContent).toContain('binary');
    expect(screen.getByTestId('compare-file-detail').textContent).toContain('4 B → 6 B');
    expect(fake.callsTo('compare:diff')).toEqual([]);
    await userEvent.click(files[2]!);
    const lines = within(await screen.findByTestId('compare-diff')).getAllByTestId('diff-line');
    expect(fake.callsTo('compare:diff')).toEqual([{ compareId: 'c1', path: 'output/r.txt' }]);
    expect(lines.map((l) => l.className.split(' ')[1])).toContain('diff-add');
    expect(lines.find((l) => l.className.includes('diff-del'))?.textContent).toBe('removed: -two');
  });

  it('100,000 problems: only the rows in view are in the page', async () => {
    const many: ComparedProblem[] = Array.from({ length: 100_000 }, (_, i) => ({ fingerprint: `h${i}:0`, a: null, b: d(i + 1, `Problem ${i}`) }));
    const fake = installFakeApi(paged(result({ new: many })));
    renderWithProviders(<CompareView pair={{ a: 'a', b: 'b' }} />);
    expect((await screen.findByTestId('compare-tab-new')).textContent).toBe('New (100,000)');
    expect(screen.getAllByTestId('compare-problem').length).toBeLessThan(100);
    // The first page came with the compare; nothing more is fetched for the rows in view.
    expect(fake.callsTo('compare:problems')).toEqual([]);
  });

  it('keyboard: End goes to the last of 100,000 rows, fetching only that page; Up moves back one', async () => {
    const many: ComparedProblem[] = Array.from({ length: 100_000 }, (_, i) => ({ fingerprint: `h${i}:0`, a: null, b: d(i + 1, `Problem ${i}`) }));
    const fake = installFakeApi(paged(result({ new: many })));
    renderWithProviders(<CompareView pair={{ a: 'a', b: 'b' }} />);
    const firstButton = (await screen.findAllByTestId('compare-open-b'))[0] as HTMLElement;
    firstButton.focus();
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(document.activeElement?.textContent).toContain('deploy.sh:100000'));
    const lastPage = Math.floor(99_999 / COMPARE_PAGE_SIZE) * COMPARE_PAGE_SIZE;
    expect(fake.callsTo('compare:problems').map((c) => c.offset)).toContain(lastPage);
    expect(fake.callsTo('compare:problems').length).toBeLessThanOrEqual(2);
    await userEvent.keyboard('{ArrowUp}');
    await waitFor(() => expect(document.activeElement?.textContent).toContain('deploy.sh:99999'));
  });

  it('a refused compare explains itself and offers to try again', async () => {
    installFakeApi({
      'jobs:compare': () => {
        throw new AppError('forbidden', 'That item belongs to another window.');
      },
    });
    renderWithProviders(<CompareView pair={{ a: 'a', b: 'b' }} />);
    expect((await screen.findByTestId('compare-error')).textContent).toContain('belongs to another window');
  });
});
