import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import type { JobView } from '../../shared/jobs';
import { estimateText, formatRange, placeText } from '../../renderer/features/queue/estimate';
import { RunHeader } from '../../renderer/features/queue/RunHeader';
import { runBlocker } from '../../renderer/features/queue/run-blocker';
import { deferred, installFakeApi } from './fake-api';
import { missingTool, project, queue, record, toolList, view } from './fixtures';
import { announced, renderWithProviders } from './render';

const queued = (position: number, jobId = 'job-1') =>
  view(record({ jobId, status: 'queued', startedAt: null, finishedAt: null, durationMs: null, exitCode: null }), position, {
    waitMs: [10_000, 25_000],
    finishMs: [40_000, 70_000],
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('estimates in words', () => {
  it('formats ranges in the unit of the larger end', () => {
    expect(formatRange([10_000, 25_000])).toBe('~10–25 s');
    expect(formatRange([40_000, 70_000])).toBe('~40–70 s');
    expect(formatRange([150_000, 260_000])).toBe('~3–4 min');
    expect(formatRange([2 * 3_600_000, 3 * 3_600_000])).toBe('~2–3 h');
    expect(formatRange([5_000, 5_200])).toBe('~5 s');
    expect(formatRange([0, 200])).toBe('a moment');
    expect(formatRange([-5000, -1000])).toBe('a moment');
  });

  it('counts down from when the estimate was made', () => {
    const v = queued(2);
    expect(estimateText(v, 0, false)).toBe('Starts in ~10–25 s, done in ~40–70 s');
    expect(estimateText(v, 5000, false)).toBe('Starts in ~5–20 s, done in ~35–65 s');
    expect(estimateText(v, 30_000, false)).toBe('Starts any moment, done in ~10–40 s');
    expect(estimateText(v, 0, true)).toContain('paused');
    const running: JobView = { ...v, record: { ...v.record, status: 'running' } };
    expect(estimateText(running, 0, false)).toBe('Done in ~40–70 s');
    expect(estimateText(running, 80_000, false)).toBe('Taking longer than usual…');
  });

  it('names places in line', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 111].map(placeText)).toEqual([
      'Next in line',
      '2nd in line',
      '3rd in line',
      '4th in line',
      '11th in line',
      '12th in line',
      '13th in line',
      '21st in line',
      '22nd in line',
      '111th in line',
    ]);
  });
});

describe('Run button reasons', () => {
  const tools = toolList();
  it('says what is missing, in order', () => {
    const base = { project: project(), toolId: 'bash-verification', tools, scanning: false, submitting: false };
    expect(runBlocker({ ...base, project: null })).toBe('Open a project first');
    expect(runBlocker({ ...base, toolId: null })).toBe('Pick a tool');
    expect(runBlocker({ ...base, scanning: true })).toBe('Wait for the project to finish loading');
    expect(runBlocker({ ...base, tools: [missingTool('bash-verification')] })).toBe('ShellCheck is not installed');
    expect(runBlocker(base)).toBeNull();
  });
});

describe('Run and queue', () => {
  it('empty: Run is disabled and says why, as visible text linked to the button', async () => {
    installFakeApi();
    renderWithProviders(<RunHeader record={null} />);
    const run = screen.getByTestId('run-button') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(screen.getByTestId('run-reason').textContent).toBe('Open a project first');
    expect(run.getAttribute('aria-describedby')).toBe('run-reason');
    await waitFor(() => expect(screen.getByTestId('queue-counts').textContent).toBe('0 waiting · 0 running'));
  });

  it('empty: an uninstalled tool blocks Run with its engine named', async () => {
    installFakeApi({ 'tools:list': () => [missingTool('bash-verification')] });
    renderWithProviders(<RunHeader record={null} />, { project: project(), toolId: 'bash-verification' });
    await waitFor(() => expect(screen.getByTestId('run-reason').textContent).toBe('ShellCheck is not installed'));
  });

  it('loading: while the submit is in flight Run is disabled', async () => {
    const fake = installFakeApi();
    const pending = deferred<JobView>();
    fake.handle('jobs:submit', () => pending.promise);
    renderWithProviders(<RunHeader record={null} />, { project: project(), toolId: 'bash-verification' });
    const run = screen.getByTestId('run-button') as HTMLButtonElement;
    await waitFor(() => expect(run.disabled).toBe(false));
    await userEvent.click(run);
    expect(run.disabled).toBe(true);
    expect(screen.getByTestId('run-reason').textContent).toBe('Submitting…');
    pending.resolve(queued(2));
    await waitFor(() => expect(run.disabled).toBe(false));
  });

  it('success: shows place in line and the estimate range, updated by queue:status and by the clock', async () => {
    const fake = installFakeApi({ 'jobs:submit': () => queued(2) });
    const { state } = renderWithProviders(<RunHeader record={null} />, { project: project(), toolId: 'bash-verification' });
    const run = screen.getByTestId('run-button') as HTMLButtonElement;
    await waitFor(() => expect(run.disabled).toBe(false));
    await userEvent.click(run);
    expect(fake.callsTo('jobs:submit')).toEqual([{ projectId: 'p-1', toolId: 'bash-verification' }]);
    await waitFor(() => expect(state.current?.jobId).toBe('job-1'));
    expect(announced()).toContain('Bash Verification queued, 2nd in line.');
    act(() =>
      fake.emit(
        'queue:status',
        queue({
          waiting: 2,
          running: 1,
          jobs: [view(record({ jobId: 'other', status: 'running' }), null, { waitMs: [0, 0], finishMs: [5000, 9000] }), queued(1), queued(2, 'job-2')],
        }),
      ),
    );
    expect(screen.getByTestId('job-position').textContent).toContain('Next in line');
    expect(screen.getByTestId('job-position').textContent).toContain('2 waiting · 1 running');
    expect(screen.getByTestId('job-estimate').textContent).toBe('Starts in ~10–25 s, done in ~40–70 s');
    expect(screen.getAllByTestId('queue-item')).toHaveLength(3);
  });

  it('a running job whose message says more than its status (a pool job waiting for a worker that has its tool) shows it, and the next status clears it', async () => {
    const fake = installFakeApi();
    renderWithProviders(<RunHeader record={null} />, { project: project(), toolId: 'bash-verification', jobId: 'job-1' });
    await act(async () => {
      await Promise.resolve();
    });
    const reason = 'Waiting: no worker in the shared pool can run Bash Verification now; the job starts when one that can joins.';
    const running = (message: string) => view(record({ jobId: 'job-1', status: 'running', finishedAt: null, durationMs: null, exitCode: null, message }), null, null);
    act(() => fake.emit('queue:status', queue({ running: 1, jobs: [running(reason)] })));
    expect(screen.getByTestId('job-note').textContent).toBe(reason);
    expect(screen.getByTestId('queue-item').textContent).toContain(reason);
    act(() => fake.emit('queue:status', queue({ running: 1, jobs: [running('Running on worker w1 of the shared pool.')] })));
    expect(screen.getByTestId('job-note').textContent).toBe('Running on worker w1 of the shared pool.');
    expect(screen.getByTestId('queue-item').textContent).not.toContain('no worker');
    act(() => fake.emit('queue:status', queue({ running: 1, jobs: [running('Running.')] })));
    expect(screen.queryByTestId('job-note')).toBeNull();
  });

  it('success: the estimate counts down between events', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const fake = installFakeApi();
    renderWithProviders(<RunHeader record={null} />, { project: project(), toolId: 'bash-verification', jobId: 'job-1' });
    await act(async () => {
      await Promise.resolve();
    });
    act(() => fake.emit('queue:status', queue({ waiting: 1, jobs: [queued(1)] })));
    expect(screen.getByTestId('job-estimate').textContent).toBe('Starts in ~10–25 s, done in ~40–70 s');
    act(() => vi.advanceTimersByTime(5000));
    expect(screen.getByTestId('job-estimate').textContent).toBe('Starts in ~5–20 s, done in ~35–65 s');
  });

  it('cancel for each job, and pause/resume for the queue', async () => {
    const jobs = [queued(1), queued(2, 'job-2')];
    const fake = installFakeApi({
      'queue:status': () => queue({ waiting: 2, jobs }),
      'queue:pause': () => queue({ waiting: 2, jobs, paused: true }),
      'queue:resume': () => queue({ waiting: 2, jobs }),
    });
    renderWithProviders(<RunHeader record={null} />, { jobId: 'job-1' });
    const items = await screen.findAllByTestId('queue-item');
    await userEvent.click(within(items[1] as HTMLElement).getByTestId('job-cancel'));
    expect(fake.callsTo('jobs:cancel')).toEqual([{ jobId: 'job-2' }]);

    await userEvent.click(screen.getByTestId('queue-toggle'));
    expect(fake.callsTo('queue:pause')).toHaveLength(1);
    expect(await screen.findByTestId('queue-paused')).toBeTruthy();
    expect(screen.getByTestId('queue-toggle').textContent).toContain('Resume queue');
    expect(screen.getByTestId('job-estimate').textContent).toContain('paused');
    await userEvent.click(screen.getByTestId('queue-toggle'));
    expect(fake.callsTo('queue:resume')).toHaveLength(1);
    await waitFor(() => expect(screen.queryByTestId('queue-paused')).toBeNull());
  });

  it('error: a full queue explains itself and says when to try again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const retryAt = Date.now() + 40_000;
    installFakeApi({
      'jobs:submit': () => {
        throw new AppError('queue-full', 'The queue is full (100 jobs waiting).', { retryAt });
      },
    });
    renderWithProviders(<RunHeader record={null} />, { project: project(), toolId: 'bash-verification' });
    await act(async () => {
      await Promise.resolve();
      await Promise.resolve();
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('run-button'));
      for (let i = 0; i < 5; i++) await Promise.resolve();
    });
    const refusal = screen.getByTestId('submit-refused');
    expect(refusal.textContent).toContain('The queue is full');
    expect(refusal.textContent).toContain('The queue is full (100 jobs waiting).');
    const at = new Date(retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(screen.getByTestId('retry-text').textContent).toBe(`Try again in about 40 s (at ${at}).`);
    act(() => vi.advanceTimersByTime(41_000));
    expect(screen.getByTestId('retry-text').textContent).toBe('You can try again now.');
  });

  it('error: a per-client limit without retryAt still says when to try again', async () => {
    installFakeApi({
      'jobs:submit': () => {
        throw new AppError('limit', 'This window already has 5 jobs waiting or running.');
      },
    });
    renderWithProviders(<RunHeader record={null} />, { project: project(), toolId: 'bash-verification' });
    const run = screen.getByTestId('run-button') as HTMLButtonElement;
    await waitFor(() => expect(run.disabled).toBe(false));
    await userEvent.click(run);
    const refusal = await screen.findByTestId('submit-refused');
    expect(refusal.getAttribute('data-code')).toBe('limit');
    expect(refusal.textContent).toContain('5 jobs waiting or running');
    expect(screen.getByTestId('retry-text').textContent).toBe('Try again when one of your jobs has finished.');
    await userEvent.click(within(refusal).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('submit-refused')).toBeNull();
  });
});
