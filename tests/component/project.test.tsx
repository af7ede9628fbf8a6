import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { ProjectSummary } from '../../shared/projects';
import { ProjectPanel } from '../../renderer/features/project/ProjectPanel';
import { deferred, installFakeApi } from './fake-api';
import { project } from './fixtures';
import { announced, renderWithProviders } from './render';

function drop(target: HTMLElement) {
  const file = new File(['x'], 'dropped-project');
  fireEvent.drop(target, { dataTransfer: { files: [file], types: ['Files'] } });
}

describe('Project panel', () => {
  it('empty: offers the drop zone, Open folder… and says there are no recent projects', async () => {
    installFakeApi();
    renderWithProviders(<ProjectPanel />);
    expect(screen.getByTestId('drop-zone').textContent).toContain('Drop a folder, file or .zip');
    expect(screen.getByTestId('open-folder').textContent).toContain('Open folder…');
    expect(await screen.findByTestId('recent-empty')).toBeTruthy();
    expect(screen.queryByTestId('project-summary')).toBeNull();
  });

  it('loading: a drop scans with progress from scan:progress events, and Cancel cancels that scan', async () => {
    const fake = installFakeApi();
    const pending = deferred<ProjectSummary>();
    fake.handle('projects:open', () => pending.promise);
    renderWithProviders(<ProjectPanel />);
    drop(screen.getByTestId('drop-zone'));
    const progress = await screen.findByTestId('scan-progress');
    const [request] = fake.callsTo('projects:open');
    // The path went only over the preload's private channel; the page sent main nothing but the token.
    expect(fake.dropRequests).toEqual([{ path: '/home/user/dropped-project' }]);
    expect(request?.token).toBe('drop-token-1');
    expect(JSON.stringify(fake.calls)).not.toContain('dropped-project');
    const scanId = request?.scanId ?? '';
    expect(scanId).toMatch(/^scan-[0-9a-f]{24}$/);

    act(() => fake.emit('scan:progress', { scanId, files: 12_345, bytes: 5 * 1024 * 1024, done: false }));
    expect(progress.textContent).toContain('12,345 files');
    expect(progress.textContent).toContain('5.0 MB');
    // Progress for some other scan is ignored.
    act(() => fake.emit('scan:progress', { scanId: 'scan-other', files: 1, bytes: 1, done: false }));
    expect(progress.textContent).toContain('12,345 files');

    await userEvent.click(screen.getByTestId('scan-cancel'));
    expect(fake.callsTo('projects:cancelScan')).toEqual([{ scanId }]);
    pending.reject(new AppError('cancelled'));
    await waitFor(() => expect(screen.queryByTestId('scan-progress')).toBeNull());
    expect(screen.queryByTestId('project-error')).toBeNull();
    expect(announced()).toContain('Scan cancelled');
  });

  it('error: shows main’s message in plain words, no code or stack', async () => {
    const fake = installFakeApi();
    fake.handle('projects:open', () => {
      throw new AppError('rejected', 'The folder holds 25,000 files; the limit is 20,000.', { limit: 'files' });
    });
    renderWithProviders(<ProjectPanel />);
    drop(screen.getByTestId('drop-zone'));
    const error = await screen.findByTestId('project-error');
    expect(error.textContent).toContain('The folder holds 25,000 files; the limit is 20,000.');
    expect(error.textContent).not.toMatch(/rejected|at .*\(|Error:/);
  });

  it('error: a drop without a file system path explains what to do instead', async () => {
    const fake = installFakeApi();
    fake.droppedPath = '';
    renderWithProviders(<ProjectPanel />);
    drop(screen.getByTestId('drop-zone'));
    expect((await screen.findByTestId('project-error')).textContent).toContain('Open folder…');
    expect(fake.callsTo('projects:open')).toEqual([]);
    expect(fake.dropRequests).toEqual([]);
  });

  it('success: Open folder… shows the intake summary and picks the first suggested tool', async () => {
    const fake = installFakeApi();
    fake.handle('projects:pick', () =>
      project({
        files: 1234,
        bytes: 3 * 1024 * 1024,
        warnings: ['3 files are not UTF-8 text.'],
        skipped: [{ path: 'link-out', reason: 'link-outside' }],
      }),
    );
    const { state } = renderWithProviders(<ProjectPanel />);
    await userEvent.click(screen.getByTestId('open-folder'));
    const summary = await screen.findByTestId('project-summary');
    expect(within(summary).getByTestId('project-files').textContent).toBe('1,234');
    expect(summary.textContent).toContain('3.0 MB');
    expect(summary.textContent).toContain('Bash');
    expect(summary.textContent).toContain('Python');
    expect(summary.textContent).toContain('3 files are not UTF-8 text.');
    expect(summary.textContent).toContain('1 item left out');
    expect(summary.textContent).toContain('link pointing outside the project');
    expect(state.current?.project?.projectId).toBe('p-1');
    expect(state.current?.toolId).toBe('bash-verification');
    expect(announced()).toContain('Opened shell-scripts: 1,234 files.');
  });

  it('success: a recent project opens again with one click', async () => {
    const fake = installFakeApi({
      'projects:recent': () => [{ source: '/home/user/site', name: 'site', kind: 'folder', openedAt: 1 }],
    });
    renderWithProviders(<ProjectPanel />);
    await userEvent.click(await screen.findByTestId('recent-project'));
    await screen.findByTestId('project-summary');
    // By its source, which main checks against its own recent list; never through projects:open.
    expect(fake.callsTo('projects:reopen')[0]?.source).toBe('/home/user/site');
    expect(fake.callsTo('projects:open')).toEqual([]);
  });

  it('a dismissed folder dialog changes nothing', async () => {
    const fake = installFakeApi();
    renderWithProviders(<ProjectPanel />);
    await userEvent.click(screen.getByTestId('open-folder'));
    await waitFor(() => expect(fake.callsTo('projects:pick')).toHaveLength(1));
    await waitFor(() => expect((screen.getByTestId('open-folder') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('project-summary')).toBeNull();
    expect(screen.queryByTestId('project-error')).toBeNull();
  });
});
