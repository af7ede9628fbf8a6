import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ToolStatus } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { ToolPicker } from '../../renderer/features/tools/ToolPicker';
import { deferred, installFakeApi } from './fake-api';
import { availableTool, project, toolList } from './fixtures';
import { renderWithProviders } from './render';

describe('Tool picker', () => {
  it('loading: says it is looking for tools while tools.list is pending', async () => {
    const fake = installFakeApi();
    const pending = deferred<ToolStatus[]>();
    fake.handle('tools:list', () => pending.promise);
    renderWithProviders(<ToolPicker />);
    expect(screen.getByTestId('tools-loading').textContent).toContain('Looking for installed tools');
    pending.resolve(toolList());
    await screen.findByTestId('tool-bash-verification');
    expect(screen.queryByTestId('tools-loading')).toBeNull();
  });

  it('error: shows the message and Try again asks again', async () => {
    const fake = installFakeApi();
    let fail = true;
    fake.handle('tools:list', () => {
      if (fail) throw new AppError('internal', 'Tool detection failed.');
      return toolList();
    });
    renderWithProviders(<ToolPicker />);
    const error = await screen.findByTestId('tools-error');
    expect(error.textContent).toContain('Tool detection failed.');
    fail = false;
    await userEvent.click(within(error).getByRole('button', { name: 'Try again' }));
    await screen.findByTestId('tool-bash-verification');
  });

  it('empty: says no tools are defined', async () => {
    installFakeApi({ 'tools:list': () => [] });
    renderWithProviders(<ToolPicker />);
    expect((await screen.findByTestId('tools-empty')).textContent).toContain('No tools');
  });

  it('success: all eight tools grouped by category, available ones with engine and version', async () => {
    installFakeApi();
    renderWithProviders(<ToolPicker />);
    await screen.findByTestId('tool-bash-verification');
    const groups = screen.getAllByRole('group').map((g) => g.querySelector('h3')?.textContent);
    expect(groups).toEqual(['Transpilers', 'Verifiers', 'Linters']);
    expect(document.querySelectorAll('[data-testid^="tool-"][data-available]')).toHaveLength(8);
    expect(screen.getByTestId('tool-bash-verification').textContent).toContain('ShellCheck 0.10.0');
    expect(screen.getByTestId('tool-python-linter').textContent).toContain('Ruff 0.6.9');
    expect(screen.getByTestId('tool-java-verification').textContent).toContain('Not installed');
    const verifiers = screen.getAllByRole('group')[1];
    expect(within(verifiers as HTMLElement).getByTestId('tool-bash-verification')).toBeTruthy();
  });

  it('an unavailable tool says why and how to install it', async () => {
    installFakeApi();
    renderWithProviders(<ToolPicker />);
    await userEvent.click(await screen.findByTestId('tool-java-verification'));
    const details = screen.getByTestId('tool-unavailable');
    expect(details.textContent).toContain('Hapyy CLI');
    expect(details.textContent).toContain('hupyy-java-verify');
    expect(details.textContent).toContain('not found on PATH');
    expect(details.textContent).toContain('How to install');
    expect(screen.getByTestId('tool-java-verification').getAttribute('aria-pressed')).toBe('true');
  });

  it('tools that fit the project are marked Suggested', async () => {
    installFakeApi();
    renderWithProviders(<ToolPicker />, { project: project({ suggestedTools: ['bash-verification'] }) });
    await screen.findByTestId('tool-bash-verification');
    expect(screen.getByTestId('tool-bash-verification').textContent).toContain('Suggested');
    expect(screen.getByTestId('tool-python-linter').textContent).not.toContain('Suggested');
  });

  it('examples: listed for the picked tool and opened as the project with one click', async () => {
    const fake = installFakeApi({
      'examples:list': ({ toolId }) => [{ id: 'bash-basic', toolId: toolId ?? '', name: 'Deploy scripts', description: 'Quoting bugs.' }],
    });
    const { state } = renderWithProviders(<ToolPicker />);
    await userEvent.click(await screen.findByTestId('tool-bash-verification'));
    await userEvent.click(await screen.findByTestId('example-bash-basic'));
    await waitFor(() => expect(state.current?.project?.kind).toBe('example'));
    expect(fake.callsTo('examples:list')).toEqual([{ toolId: 'bash-verification' }]);
    expect(fake.callsTo('examples:open')[0]?.exampleId).toBe('bash-basic');
    expect(state.current?.toolId).toBe('bash-verification');
  });

  it('tools:changed and Rescan replace the list', async () => {
    const fake = installFakeApi();
    renderWithProviders(<ToolPicker />);
    await screen.findByTestId('tool-java-verification');
    const java = availableTool('java-verification', { id: 'hapyy', name: 'Hapyy CLI', version: '2.1.0', path: '/opt/hapyy/bin/hupyy-java-verify' });
    act(() => fake.emit('tools:changed', toolList().map((t) => (t.tool.id === 'java-verification' ? java : t))));
    expect(screen.getByTestId('tool-java-verification').textContent).toContain('Hapyy CLI 2.1.0');
    await userEvent.click(screen.getByTestId('tools-rescan'));
    await waitFor(() => expect(screen.getByTestId('tool-java-verification').textContent).toContain('Not installed'));
    expect(fake.callsTo('tools:rescan')).toHaveLength(1);
  });
});
