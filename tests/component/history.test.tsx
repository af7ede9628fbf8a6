import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/jobs';
import { HistoryView } from '../../renderer/features/history/HistoryView';
import { deferred, installFakeApi } from './fake-api';
import { record } from './fixtures';
import { announced, renderWithProviders } from './render';

const past = [
  record({ jobId: 'old', queuedAt: 1_700_000_000_000, status: 'completed', durationMs: 1500 }),
  record({ jobId: 'new', queuedAt: 1_700_000_600_000, status: 'timeout', toolName: 'Python Linter', durationMs: 60_000 }),
  record({ jobId: 'cut', queuedAt: 1_700_000_300_000, status: 'interrupted', durationMs: null, finishedAt: null }),
];

describe('History', () => {
  it('loading', async () => {
    const fake = installFakeApi();
    const pending = deferred<JobRecord[]>();
    fake.handle('jobs:list', () => pending.promise);
    renderWithProviders(<HistoryView />);
    expect(screen.getByTestId('history-loading')).toBeTruthy();
    pending.resolve([]);
    await screen.findByTestId('history-empty');
  });

  it('error', async () => {
    installFakeApi({
      'jobs:list': () => {
        throw new AppError('internal', 'The history file could not be read.');
      },
    });
    renderWithProviders(<HistoryView />);
    expect((await screen.findByTestId('history-error')).textContent).toContain('The history file could not be read.');
  });

  it('empty', async () => {
    installFakeApi();
    renderWithProviders(<HistoryView />);
    expect((await screen.findByTestId('history-empty')).textContent).toContain('No runs yet');
    expect((screen.getByTestId('history-clear') as HTMLButtonElement).disabled).toBe(true);
  });

  it('success: newest first with tool, project, status, duration and time; interrupted runs marked', async () => {
    installFakeApi({ 'jobs:list': () => past });
    renderWithProviders(<HistoryView />);
    const rows = await screen.findAllByTestId('history-row');
    expect(rows.map((r) => r.getAttribute('data-job-id'))).toEqual(['new', 'cut', 'old']);
    const [newest, interrupted] = rows as [HTMLElement, HTMLElement];
    expect(newest.textContent).toContain('Timed out');
    expect(newest.textContent).toContain('Python Linter');
    expect(newest.textContent).toContain('shell-scripts');
    expect(newest.textContent).toContain('1 min');
    expect(within(newest).getByRole('time').getAttribute('dateTime')).toBe(new Date(1_700_000_000_500).toISOString());
    expect(interrupted.textContent).toContain('Interrupted');
    expect(interrupted.textContent).toContain('Hapyy closed while this was running');
    expect(interrupted.className).toContain('history-interrupted');
  });

  it('open and re-run show the job in the workspace; delete removes it', async () => {
    const fake = installFakeApi({ 'jobs:list': () => past });
    const { state } = renderWithProviders(<HistoryView />, { view: 'history' });
    const rows = await screen.findAllByTestId('history-row');
    await userEvent.click(within(rows[2] as HTMLElement).getByTestId('history-open'));
    expect(state.current?.jobId).toBe('old');
    expect(state.current?.view).toBe('workspace');

    await userEvent.click(within(rows[0] as HTMLElement).getByTestId('history-rerun'));
    await waitFor(() => expect(state.current?.jobId).toBe('new-again'));
    expect(fake.callsTo('jobs:rerun')).toEqual([{ jobId: 'new' }]);

    fake.handle('jobs:list', () => past.filter((r) => r.jobId !== 'cut'));
    await userEvent.click(within(rows[1] as HTMLElement).getByTestId('history-delete'));
    expect(fake.callsTo('jobs:delete')).toEqual([{ jobId: 'cut' }]);
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
    expect(announced()).toContain('Run deleted.');
  });

  it('a refused delete explains itself', async () => {
    installFakeApi({
      'jobs:list': () => past,
      'jobs:delete': () => {
        throw new AppError('forbidden');
      },
    });
    renderWithProviders(<HistoryView />);
    const rows = await screen.findAllByTestId('history-row');
    await userEvent.click(within(rows[0] as HTMLElement).getByTestId('history-delete'));
    expect((await screen.findByTestId('history-action-error')).textContent).toContain('That item belongs to another window.');
  });

  it('clear asks first; cancel keeps everything, confirm clears', async () => {
    const fake = installFakeApi({ 'jobs:list': () => past, 'history:clear': () => ({ removed: 3 }) });
    renderWithProviders(<HistoryView />);
    await screen.findAllByTestId('history-row');
    await userEvent.click(screen.getByTestId('history-clear'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('3 past runs');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.callsTo('history:clear')).toEqual([]);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();

    fake.handle('jobs:list', () => []);
    await userEvent.click(screen.getByTestId('history-clear'));
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(fake.callsTo('history:clear')).toHaveLength(1);
    await screen.findByTestId('history-empty');
    expect(announced()).toContain('Removed 3 runs.');
  });
});
