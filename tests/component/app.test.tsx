import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AppInfo, SettingsState } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { JobView } from '../../shared/jobs';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { App } from '../../renderer/App';
import { applyTheme, rememberedTheme } from '../../renderer/app/use-theme';
import { deferred, installFakeApi } from './fake-api';
import { appInfo, lines, project, queue, record, settingsState, view } from './fixtures';
import { announced } from './render';

describe('App info: protections and notices', () => {
  it('loading: the status bar waits quietly for app.info', async () => {
    const fake = installFakeApi();
    const pending = deferred<AppInfo>();
    fake.handle('app:info', () => pending.promise);
    render(<App />);
    expect(screen.getByTestId('status-bar').textContent).not.toContain('Protections');
    pending.resolve(appInfo());
    await screen.findByTestId('status-protections');
  });

  it('error: the rest of the window still works', async () => {
    installFakeApi({
      'app:info': () => {
        throw new AppError('internal');
      },
    });
    render(<App />);
    await screen.findByTestId('tool-bash-verification');
    expect(screen.queryByTestId('status-protections')).toBeNull();
  });

  it('success: the status bar lists the protections active here', async () => {
    installFakeApi();
    render(<App />);
    const button = await screen.findByTestId('status-protections');
    expect(button.textContent).toContain('Protections: 1 of 2 active');
    await userEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const list = screen.getByTestId('protections');
    expect(within(list).getByTestId('protection-bubblewrap').textContent).toContain('active');
    expect(within(list).getByTestId('protection-cgroup-memory').textContent).toContain('not active');
  });

  it('sandbox off: the status bar says so, and follows a settings change made anywhere (settings:changed)', async () => {
    let sandbox = true;
    const fake = installFakeApi({
      'app:info': () =>
        appInfo({
          protections: [{ id: 'bubblewrap', label: 'Sandbox (bubblewrap)', active: sandbox, detail: sandbox ? 'On.' : 'Not in force: turned off in Settings.' }],
        }),
    });
    render(<App />);
    const button = await screen.findByTestId('status-protections');
    expect(screen.queryByTestId('status-sandbox-off')).toBeNull();
    sandbox = false;
    act(() => fake.emit('settings:changed', settingsState({ settings: { ...DEFAULT_SETTINGS, sandbox: false } })));
    expect((await screen.findByTestId('status-sandbox-off')).textContent).toContain('Sandbox off');
    expect(button.textContent).toContain('Protections: 0 of 1 active');
  });

  it('notices: start-up notices and app:notice events as dismissible banners, announced', async () => {
    const fake = installFakeApi({ 'app:info': () => appInfo({ notices: [{ level: 'warning', message: 'settings.json had 1 bad field.' }] }) });
    render(<App />);
    expect((await screen.findByTestId('notice')).textContent).toContain('settings.json had 1 bad field.');
    act(() => fake.emit('app:notice', { level: 'error', message: 'The data folder is not writable.' }));
    const notices = screen.getAllByTestId('notice');
    expect(notices).toHaveLength(2);
    expect(notices[1]?.getAttribute('data-level')).toBe('error');
    expect(announced()).toContain('The data folder is not writable.');
    await userEvent.click(within(notices[0] as HTMLElement).getByTestId('notice-dismiss'));
    expect(screen.getAllByTestId('notice')).toHaveLength(1);
  });

  it('empty: no notices, no banner', async () => {
    installFakeApi();
    render(<App />);
    await screen.findByTestId('status-protections');
    expect(screen.queryByTestId('notices')).toBeNull();
  });
});

describe('theme', () => {
  it('follows the saved setting once settings load, and remembers it for the next start', async () => {
    const fake = installFakeApi();
    const pending = deferred<SettingsState>();
    fake.handle('settings:get', () => pending.promise);
    applyTheme(rememberedTheme());
    expect(document.documentElement.dataset.theme).toBe('light'); // nothing remembered: system, and happy-dom is light
    render(<App />);
    pending.resolve(settingsState({ settings: { ...DEFAULT_SETTINGS, theme: 'dark' } }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(rememberedTheme()).toBe('dark');
  });

  it('follows the OS when settings cannot be read', async () => {
    installFakeApi({
      'settings:get': () => {
        throw new AppError('internal');
      },
    });
    render(<App />);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
  });
});

describe('keyboard', () => {
  it('Ctrl+2 / Ctrl+3 / Ctrl+1 switch views; the current one is marked', async () => {
    installFakeApi();
    render(<App />);
    await userEvent.keyboard('{Control>}2{/Control}');
    expect(screen.getByTestId('nav-history').getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('heading', { name: 'History' })).toBeTruthy();
    await userEvent.keyboard('{Control>}3{/Control}');
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
    await userEvent.keyboard('{Control>}1{/Control}');
    expect(screen.getByTestId('nav-workspace').getAttribute('aria-current')).toBe('page');
  });

  it('the results tabs move with the arrow keys', async () => {
    installFakeApi();
    render(<App initial={{ jobId: 'job-1' }} />);
    const consoleTab = await screen.findByTestId('tab-console');
    consoleTab.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByTestId('tab-problems').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('tab-problems'));
    await userEvent.keyboard('{End}');
    expect(screen.getByTestId('tab-files').getAttribute('aria-selected')).toBe('true');
  });
});

describe('the shown job', () => {
  it('loading and error states of jobs.get', async () => {
    const fake = installFakeApi();
    fake.handle('jobs:get', () => {
      throw new AppError('not-found', 'That job does not exist (it may have been deleted).');
    });
    render(<App initial={{ jobId: 'gone' }} />);
    expect(screen.getByTestId('job-loading')).toBeTruthy();
    expect((await screen.findByTestId('job-error')).textContent).toContain('it may have been deleted');
  });

  it('empty: with no job the main area shows the three steps and the examples', async () => {
    const fake = installFakeApi({
      'examples:list': () => [{ id: 'bash-basic', toolId: 'bash-verification', name: 'Deploy scripts', description: 'Quoting bugs.' }],
    });
    render(<App />);
    expect(screen.getByTestId('welcome').textContent).toContain('Open a project');
    await userEvent.click(await screen.findByTestId('welcome-example-bash-basic'));
    await screen.findByTestId('project-summary');
    expect(fake.callsTo('examples:list')[0]).toEqual({});
    expect(screen.getByTestId('tool-bash-verification').getAttribute('aria-pressed')).toBe('true');
  });
});

describe('from project to result', () => {
  it('open the example, run, wait in line, stream output, finish, open a diagnostic, export', async () => {
    const submitted = record({ jobId: 'run-1', status: 'queued', startedAt: null, finishedAt: null, durationMs: null, exitCode: null, diagnostics: null });
    const fake = installFakeApi({
      'examples:list': ({ toolId }) => (toolId === 'bash-verification' ? [{ id: 'bash-basic', toolId, name: 'Deploy scripts', description: 'Quoting bugs.' }] : []),
      'examples:open': () => project({ kind: 'example', name: 'Deploy scripts', source: 'bash-basic', suggestedTools: ['bash-verification'] }),
      'jobs:submit': (): JobView => view(submitted, 2, { waitMs: [10_000, 25_000], finishMs: [40_000, 70_000] }),
      'jobs:get': () => ({ record: submitted, output: [], lastSeq: 0, position: 2 }),
      'results:export': () => ({ path: '/tmp/out.zip', entries: 5 }),
    });
    render(<App />);
    await userEvent.click(await screen.findByTestId('tool-bash-verification'));
    await userEvent.click(await screen.findByTestId('example-bash-basic'));
    await screen.findByTestId('project-summary');
    expect(screen.getByTestId('project-summary').textContent).toContain('Deploy scripts');

    await userEvent.click(screen.getByTestId('run-button'));
    expect((await screen.findByTestId('job-position')).textContent).toContain('2nd in line');
    expect(screen.getByTestId('job-estimate').textContent).toBe('Starts in ~10–25 s, done in ~40–70 s');
    expect(screen.getByTestId('result-title').textContent).toBe('Waiting to start');

    const running = { ...submitted, status: 'running' as const, startedAt: Date.now() };
    act(() => {
      fake.emit('job:started', view(running, null, { waitMs: [0, 0], finishMs: [20_000, 40_000] }));
      fake.emit('queue:status', queue({ running: 1, jobs: [view(running, null, { waitMs: [0, 0], finishMs: [20_000, 40_000] })] }));
    });
    expect(screen.getByTestId('job-position').textContent).toContain('Running');
    expect(screen.getByTestId('job-estimate').textContent).toBe('Done in ~20–40 s');
    expect(announced()).toContain('Bash Verification started');

    act(() => {
      fake.emit('job:output', { jobId: 'run-1', lines: lines(1, 3) });
      fake.emit('job:output', { jobId: 'other-job', lines: lines(1, 50) });
      fake.emit('job:output', { jobId: 'run-1', lines: [...lines(3, 2, 'stderr', () => 'deploy.sh:3: warning')] });
    });
    // The console paints on its next animation frame: wait for the rows, not for a guessed time.
    await waitFor(() => expect(screen.getAllByTestId('console-row').map((r) => r.getAttribute('data-seq'))).toEqual(['1', '2', '3', '4']));
    expect(screen.getAllByTestId('console-row')[3]?.getAttribute('data-stream')).toBe('stderr');

    const finished = record({ ...running, status: 'problems', exitCode: 1, finishedAt: Date.now(), durationMs: 1800, diagnostics: { error: 1, warning: 0, info: 0 }, message: 'ShellCheck found 1 problem.' });
    fake.handle('jobs:diagnostics', () => [{ file: 'deploy.sh', line: 3, column: 1, severity: 'error', code: 'SC2086', message: 'Double quote.' }]);
    fake.handle('results:preview', ({ path }) => ({ path, size: 30, kind: 'text', text: 'a\nb\nrm -rf $DIR\n', truncated: false, language: 'bash' }));
    act(() => {
      fake.emit('job:finished', finished);
      fake.emit('queue:status', queue());
    });
    expect(screen.getByTestId('result-title').textContent).toBe('Found problems: 1 error');
    expect(screen.queryByTestId('job-place')).toBeNull();
    expect(announced()).toContain('Found problems: 1 error');

    await userEvent.click(screen.getByTestId('tab-problems'));
    await userEvent.click(await screen.findByTestId('diagnostic-item'));
    const preview = await screen.findByTestId('preview');
    expect(preview.getAttribute('data-path')).toBe('input/deploy.sh');
    await waitFor(() => expect(preview.querySelector('[aria-current="true"]')?.getAttribute('data-line')).toBe('3'));

    await userEvent.click(screen.getByTestId('export-button'));
    expect((await screen.findByTestId('export-result')).textContent).toContain('Saved 5 files to /tmp/out.zip');
  });
});
