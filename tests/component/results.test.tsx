import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../../shared/diagnostics';
import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/jobs';
import type { Preview } from '../../shared/results';
import { LineStore } from '../../renderer/features/console/line-store';
import { JobPanel } from '../../renderer/features/results/JobPanel';
import { deferred, installFakeApi, type Handlers } from './fake-api';
import { record } from './fixtures';
import { announced, renderWithProviders } from './render';

function renderJob(rec: JobRecord) {
  const store = new LineStore();
  store.seed([], 0);
  return renderWithProviders(<JobPanel job={{ record: rec, store, error: null, loading: false, reload: () => undefined }} />, { jobId: rec.jobId });
}

const DIAGNOSTICS: Diagnostic[] = [
  { file: 'lib/util.sh', line: 14, column: 10, severity: 'info', code: 'SC2016', message: 'Expressions don’t expand in single quotes.' },
  { file: 'deploy.sh', line: 3, column: 6, severity: 'error', code: 'SC2086', message: 'Double quote to prevent globbing.' },
  { file: 'deploy.sh', line: 9, column: 1, severity: 'warning', code: 'SC2034', message: 'FOO appears unused.' },
];

const SCRIPT = Array.from({ length: 40 }, (_, i) => (i === 2 ? 'rm -rf $DIR/build' : `echo "line ${i + 1}"`)).join('\n');

const found = record({ status: 'problems', exitCode: 1, diagnostics: { error: 1, warning: 1, info: 1 }, message: 'ShellCheck found 3 problems.' });

function withFiles(extra: Handlers = {}): Handlers {
  return {
    'jobs:diagnostics': () => DIAGNOSTICS,
    'results:tree': () => ({
      root: '/data/runs/job-1',
      nodes: [
        { path: 'output/report.json', name: 'report.json', type: 'file', size: 2048, origin: 'output' },
        { path: 'output/bin/tool.bin', name: 'tool.bin', type: 'file', size: 12 * 1024, origin: 'output' },
        { path: 'input/deploy.sh', name: 'deploy.sh', type: 'file', size: 420, origin: 'input' },
        { path: 'input/fixed.sh', name: 'fixed.sh', type: 'file', size: 80, origin: 'input-new' },
      ],
    }),
    'results:preview': ({ path }): Preview =>
      path.endsWith('.bin')
        ? { path, size: 12 * 1024, kind: 'binary', text: '', truncated: false, language: null }
        : path === 'run.log'
          ? { path, size: 3 * 1024 * 1024, kind: 'text', text: 'log line 1\nlog line 2', truncated: true, language: null }
          : { path, size: SCRIPT.length, kind: 'text', text: SCRIPT, truncated: false, language: 'bash' },
    ...extra,
  };
}

describe('Result summary', () => {
  it('finished with findings: status, exit code, duration, engine and the plain explanation', () => {
    installFakeApi();
    renderJob(found);
    const summary = screen.getByTestId('result-summary');
    // Finding problems is the tool doing its job: never a red "Failed" badge.
    expect(within(summary).getByTestId('status-badge').textContent).toBe('Found problems');
    expect(screen.getByTestId('result-title').textContent).toBe('Found problems: 1 error, 1 warning, 1 note');
    expect(screen.getByTestId('result-message').textContent).toBe('ShellCheck found 3 problems.');
    expect(screen.getByTestId('fact-exit').textContent).toBe('1');
    expect(screen.getByTestId('fact-duration').textContent).toBe('1.5 s');
    expect(screen.getByTestId('fact-engine').textContent).toBe('ShellCheck 0.10.0');
    expect(screen.getByTestId('tab-problems').textContent).toBe('Problems (3)');
  });

  it.each([
    [record({ status: 'completed' }), 'Finished — no problems found'],
    [record({ status: 'timeout', exitCode: null, signal: 'SIGTERM', message: 'The tool ran past its 60 s limit and was stopped.' }), 'Timed out after 60 s'],
    [record({ status: 'output-limit' }), 'Output limit hit'],
    [record({ status: 'memory-limit' }), 'Memory limit hit'],
    [record({ status: 'process-limit' }), 'Process limit hit'],
    [record({ status: 'error', engine: null, exitCode: null, message: 'ShellCheck is not installed.' }), 'Tool not installed'],
    [record({ status: 'failed', exitCode: 2, diagnostics: null }), 'The tool failed (exit code 2)'],
    [record({ status: 'cancelled' }), 'Cancelled'],
    [record({ status: 'interrupted' }), 'Interrupted — Hapyy closed while this was running'],
  ])('explains %#', (rec, title) => {
    installFakeApi();
    renderJob(rec);
    expect(screen.getByTestId('result-title').textContent).toBe(title);
    expect(screen.getByTestId('result-message').textContent).toBe(rec.message);
  });

  it('while running: Cancel run cancels this job', async () => {
    const fake = installFakeApi();
    renderJob(record({ status: 'running', finishedAt: null, durationMs: null, exitCode: null }));
    expect(screen.getByTestId('result-title').textContent).toBe('Running…');
    expect(screen.queryByTestId('export-button')).toBeNull();
    await userEvent.click(screen.getByTestId('cancel-job'));
    expect(fake.callsTo('jobs:cancel')).toEqual([{ jobId: 'job-1' }]);
  });
});

describe('Diagnostics', () => {
  it('loading', async () => {
    const fake = installFakeApi();
    const pending = deferred<Diagnostic[]>();
    fake.handle('jobs:diagnostics', () => pending.promise);
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-problems'));
    expect(screen.getByTestId('diagnostics-loading')).toBeTruthy();
    pending.resolve([]);
    await screen.findByTestId('diagnostics-empty');
  });

  it('error', async () => {
    installFakeApi({
      'jobs:diagnostics': () => {
        throw new AppError('not-found', 'That job does not exist (it may have been deleted).');
      },
    });
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-problems'));
    expect((await screen.findByTestId('diagnostics-error')).textContent).toContain('it may have been deleted');
  });

  it('empty, and not asked for while the job runs', async () => {
    const fake = installFakeApi();
    renderJob(record({ status: 'running', finishedAt: null }));
    await userEvent.click(screen.getByTestId('tab-problems'));
    expect(screen.getByTestId('diagnostics-pending')).toBeTruthy();
    expect(fake.callsTo('jobs:diagnostics')).toEqual([]);
  });

  it('success: sorted by file and line with severity in words; one opens the file at its line', async () => {
    const fake = installFakeApi(withFiles());
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-problems'));
    const items = await screen.findAllByTestId('diagnostic-item');
    expect(items.map((i) => i.querySelector('.diagnostic-where')?.textContent)).toEqual(['deploy.sh:3:6', 'deploy.sh:9:1', 'lib/util.sh:14:10']);
    expect(items.map((i) => i.querySelector('.diagnostic-sev')?.textContent)).toEqual(['Error', 'Warning', 'Note']);
    expect(items[0]?.textContent).toContain('Double quote to prevent globbing.');

    await userEvent.click(items[0] as HTMLElement);
    const preview = await screen.findByTestId('preview');
    expect(preview.getAttribute('data-path')).toBe('input/deploy.sh');
    expect(fake.callsTo('results:preview')).toEqual([{ jobId: 'job-1', path: 'input/deploy.sh' }]);
    const target = await waitFor(() => {
      const el = preview.querySelector('[data-line="3"]');
      if (!el) throw new Error('line 3 not rendered');
      return el;
    });
    expect(target.getAttribute('aria-current')).toBe('true');
    expect(target.textContent).toContain('rm -rf $DIR/build');
    // The highlighter loads lazily and colours the text once it has.
    await waitFor(() => expect(preview.querySelector('.hljs-built_in, .hljs-keyword, .hljs-variable, .hljs-string')).not.toBeNull(), { timeout: 5000 });
    expect(preview.querySelector('[data-line="3"]')?.textContent).toContain('rm -rf $DIR/build');
  });
});

describe('Problems: engine levels, rule links, incomplete findings', () => {
  it('shows the engine’s own level where it says more, links the rule page, and says when findings are incomplete', async () => {
    installFakeApi(
      withFiles({
        'jobs:diagnostics': (): Diagnostic[] => [
          { file: 'a.sh', line: 1, column: 1, severity: 'info', engineSeverity: 'style', code: 'SC2006', message: 'Use $(...).', ruleUrl: 'https://www.shellcheck.net/wiki/SC2006' },
          { file: 'a.sh', line: 2, column: 1, severity: 'info', engineSeverity: 'info', code: 'SC2086', message: 'Double quote.' },
        ],
      }),
    );
    renderJob(record({ status: 'timeout', diagnostics: { error: 0, warning: 0, info: 2 }, diagnosticsProblem: 'the run was stopped before the engine finished, so these findings may be incomplete' }));
    await userEvent.click(screen.getByTestId('tab-problems'));
    const items = await screen.findAllByTestId('diagnostic-item');
    expect(items.map((i) => i.querySelector('.diagnostic-sev')?.textContent)).toEqual(['Note · style', 'Note']);
    const links = screen.getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://www.shellcheck.net/wiki/SC2006']);
    expect(links[0]?.getAttribute('target')).toBe('_blank');
    expect(screen.getByTestId('diagnostics-partial').textContent).toContain('Incomplete: the run was stopped before the engine finished');
  });

  it('no findings read because the report could not be read is not "No problems reported"', async () => {
    installFakeApi(withFiles({ 'jobs:diagnostics': (): Diagnostic[] => [] }));
    renderJob(record({ status: 'failed', diagnostics: { error: 0, warning: 0, info: 0 }, diagnosticsProblem: 'Ruff wrote no report' }));
    await userEvent.click(screen.getByTestId('tab-problems'));
    expect((await screen.findByTestId('diagnostics-unread')).textContent).toContain('No problems could be read: Ruff wrote no report.');
    expect(screen.queryByTestId('diagnostics-empty')).toBeNull();
  });
});

describe('Files', () => {
  it('flags empty output files', async () => {
    installFakeApi(
      withFiles({
        'results:tree': () => ({
          root: '/data/runs/job-1',
          nodes: [
            { path: 'output/main.c', name: 'main.c', type: 'file', size: 0, origin: 'output' },
            { path: 'output/main.h', name: 'main.h', type: 'file', size: 14, origin: 'output' },
          ],
        }),
      }),
    );
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-files'));
    await screen.findByTestId('tree-group-Output');
    const rows = screen.getAllByTestId('file-item').filter((r) => r.getAttribute('data-path')?.startsWith('output/'));
    expect(rows.map((r) => [r.getAttribute('data-path'), r.querySelector('[data-testid="file-empty"]')?.textContent ?? null])).toEqual([
      ['output/main.c', 'empty'],
      ['output/main.h', null],
    ]);
  });


  it('loading and error', async () => {
    const fake = installFakeApi();
    fake.handle('results:tree', () => {
      throw new AppError('not-found', 'The run folder is gone.');
    });
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-files'));
    expect((await screen.findByTestId('tree-error')).textContent).toContain('The run folder is gone.');
    expect(screen.getByTestId('preview-none')).toBeTruthy();
  });

  it('empty: says the tool wrote no output files', async () => {
    installFakeApi();
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-files'));
    expect((await screen.findByTestId('no-outputs')).textContent).toContain('no output files');
  });

  it('success: outputs kept apart from inputs; binary files are not shown', async () => {
    installFakeApi(withFiles());
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-files'));
    const output = await screen.findByTestId('tree-group-Output');
    const outputGroup = output.parentElement as HTMLElement;
    expect(within(outputGroup).getAllByTestId('file-item').map((f) => f.getAttribute('data-path'))).toEqual(['output/bin/tool.bin', 'output/report.json']);
    const bin = within(outputGroup).getByTestId('tree-dir');
    expect(bin.textContent).toContain('bin');
    expect(bin.getAttribute('aria-expanded')).toBe('true');
    const changed = screen.getByTestId('tree-group-Changed in the project copy').parentElement as HTMLElement;
    expect(within(changed).getByTestId('file-item').getAttribute('data-path')).toBe('input/fixed.sh');
    const inputs = screen.getByTestId('tree-group-Inputs');
    expect(inputs.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(inputs);
    expect(within(inputs.parentElement as HTMLElement).getByTestId('file-item').getAttribute('data-path')).toBe('input/deploy.sh');

    await userEvent.click(screen.getByText('tool.bin'));
    expect((await screen.findByTestId('preview-binary')).textContent).toBe('Binary file, 12 KB — not shown');
  });

  it('the full log opens with a size-cap notice', async () => {
    installFakeApi(withFiles());
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-files'));
    await userEvent.click(screen.getAllByTestId('file-item').find((f) => f.getAttribute('data-path') === 'run.log') as HTMLElement);
    expect((await screen.findByTestId('preview-truncated')).textContent).toBe('Large file (3.0 MB): the first 500 KB are shown.');
    expect(screen.getByTestId('preview').textContent).toContain('log line 2');
  });

  it('a preview error is shown in plain words', async () => {
    installFakeApi(
      withFiles({
        'results:preview': () => {
          throw new AppError('forbidden', 'That path leads outside the run folder.');
        },
      }),
    );
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-files'));
    await userEvent.click(await screen.findByText('report.json'));
    expect((await screen.findByTestId('preview-error')).textContent).toContain('That path leads outside the run folder.');
  });

  it('copy path uses the run folder from results.tree; reveal asks main', async () => {
    const fake = installFakeApi(withFiles());
    renderJob(found);
    await userEvent.click(screen.getByTestId('tab-files'));
    await userEvent.click(await screen.findByText('report.json'));
    const write = vi.spyOn(navigator.clipboard, 'writeText');
    await waitFor(() => expect((screen.getByTestId('copy-path') as HTMLButtonElement).disabled).toBe(false));
    await userEvent.click(screen.getByTestId('copy-path'));
    expect(write).toHaveBeenCalledWith('/data/runs/job-1/output/report.json');
    await userEvent.click(screen.getByTestId('reveal-file'));
    expect(fake.callsTo('results:reveal')).toEqual([{ jobId: 'job-1', path: 'output/report.json' }]);
  });
});

describe('Export and other actions', () => {
  it('export as .zip reports where it was saved; a cancelled save dialog says nothing', async () => {
    const fake = installFakeApi();
    renderJob(found);
    await userEvent.click(screen.getByTestId('export-button'));
    await waitFor(() => expect(fake.callsTo('results:export')).toHaveLength(1));
    expect(screen.queryByTestId('export-result')).toBeNull();
    fake.handle('results:export', () => ({ path: '/home/user/shell-scripts-bash-verification.zip', entries: 14 }));
    await userEvent.click(screen.getByTestId('export-button'));
    expect((await screen.findByTestId('export-result')).textContent).toContain('Saved 14 files to /home/user/shell-scripts-bash-verification.zip');
    expect(announced()).toContain('Saved 14 files');
  });

  it('export failure is shown', async () => {
    installFakeApi({
      'results:export': () => {
        throw new AppError('internal', 'The zip could not be written: disk full.');
      },
    });
    renderJob(found);
    await userEvent.click(screen.getByTestId('export-button'));
    expect((await screen.findByTestId('result-action-error')).textContent).toContain('disk full');
  });

  it('reveal and run again', async () => {
    const fake = installFakeApi();
    const { state } = renderJob(found);
    await userEvent.click(screen.getByTestId('reveal-button'));
    expect(fake.callsTo('results:reveal')).toEqual([{ jobId: 'job-1' }]);
    await userEvent.click(screen.getByTestId('rerun-button'));
    await waitFor(() => expect(state.current?.jobId).toBe('job-1-again'));
  });
});
