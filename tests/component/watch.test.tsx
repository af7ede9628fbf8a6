import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { HistoryView } from '../../renderer/features/history/HistoryView';
import { groupRuns } from '../../renderer/features/history/group-runs';
import { WatchToggle } from '../../renderer/features/watch/WatchToggle';
import { installFakeApi } from './fake-api';
import { project, record } from './fixtures';
import { announced, renderWithProviders } from './render';

describe('the Watch switch', () => {
  it('starts a watch for the open folder and picked tool, follows its newest run, and stops it', async () => {
    const fake = installFakeApi();
    fake.handle('watch:start', ({ toolId }) => {
      // The first run starts before the answer arrives: the switch must still follow it.
      fake.emit('watch:event', { watchId: 'watch-1', type: 'run', jobId: 'job-first' });
      return { watchId: 'watch-1', toolId, projectName: 'shell-scripts', source: '/home/user/shell-scripts', debounceMs: 300 };
    });
    const { state } = renderWithProviders(<WatchToggle disabled={false} />, { project: project(), toolId: 'bash-verification' });
    const toggle = screen.getByRole('switch', { name: 'Watch' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    expect(fake.callsTo('watch:start')).toEqual([{ projectId: 'p-1', toolId: 'bash-verification' }]);
    expect(state.current?.jobId).toBe('job-first');
    expect(announced()).toContain('Watching shell-scripts: a change runs the tool again.');

    fake.emit('watch:event', { watchId: 'watch-1', type: 'synced', copied: 1, removed: 0, files: 3 });
    expect((await screen.findByTestId('watch-status')).textContent).toBe('1 changed, 0 removed');
    fake.emit('watch:event', { watchId: 'watch-1', type: 'run', jobId: 'job-second' });
    await waitFor(() => expect(state.current?.jobId).toBe('job-second'));
    fake.emit('watch:event', { watchId: 'other-watch', type: 'run', jobId: 'not-mine' });
    expect(state.current?.jobId).toBe('job-second');

    await userEvent.click(screen.getByRole('switch', { name: 'Watching' }));
    await waitFor(() => expect(fake.callsTo('watch:stop')).toEqual([{ watchId: 'watch-1' }]));
    expect(toggle.getAttribute('aria-checked')).toBe('false');
  });

  it('only a folder can be watched', async () => {
    installFakeApi();
    renderWithProviders(<WatchToggle disabled={false} />, { project: project({ kind: 'zip' }), toolId: 'bash-verification' });
    expect((screen.getByTestId('watch-toggle') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a refused start shows why', async () => {
    const { AppError } = await import('../../shared/errors');
    installFakeApi({
      'watch:start': () => {
        throw new AppError('limit', 'At most 16 folders can be watched at once.');
      },
    });
    renderWithProviders(<WatchToggle disabled={false} />, { project: project(), toolId: 'bash-verification' });
    await userEvent.click(screen.getByTestId('watch-toggle'));
    expect((await screen.findByTestId('watch-error')).textContent).toContain('At most 16 folders');
  });
});

describe('History groups a watch’s runs', () => {
  const runs = [
    record({ jobId: 'w3', queuedAt: 5000, watchId: 'w' }),
    record({ jobId: 'solo', queuedAt: 4000 }),
    record({ jobId: 'w2', queuedAt: 3000, watchId: 'w' }),
    record({ jobId: 'w1', queuedAt: 1000, watchId: 'w' }),
    record({ jobId: 'old', queuedAt: 500 }),
  ];

  it('under one heading at the place of its newest run', async () => {
    expect(groupRuns(runs).map((i) => (i.kind === 'run' ? i.record.jobId : `${i.watchId}:${i.records.map((r) => r.jobId).join(',')}`))).toEqual(['w:w3,w2,w1', 'solo', 'old']);
    installFakeApi({ 'jobs:list': () => runs });
    renderWithProviders(<HistoryView />);
    const group = await screen.findByTestId('history-watch-group');
    expect(group.textContent).toBe('Watch: Bash Verification on shell-scripts · 3 runs');
    const table = screen.getByRole('table', { name: 'Past runs' });
    expect(within(table).getAllByTestId('history-row').map((r) => r.getAttribute('data-job-id'))).toEqual(['w3', 'w2', 'w1', 'solo', 'old']);
  });
});
