import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SettingsState } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { App } from '../../renderer/App';
import { deferred, installFakeApi } from './fake-api';
import { settingsState } from './fixtures';

const MB = 1024 * 1024;

function renderSettings() {
  return render(<App initial={{ view: 'settings' }} />);
}

const field = (id: string) => screen.getByTestId(`setting-${id}`) as HTMLInputElement;
const errorFor = (id: string) => field(id).closest('.field')?.querySelector('[data-testid=field-error]')?.textContent ?? '';

describe('Settings', () => {
  it('loading', async () => {
    const fake = installFakeApi();
    const pending = deferred<SettingsState>();
    fake.handle('settings:get', () => pending.promise);
    renderSettings();
    // The view is loaded on first open (a lazy chunk), so its own loading state shows once that chunk is in.
    expect(await screen.findByTestId('settings-loading')).toBeTruthy();
    pending.resolve(settingsState());
    await screen.findByTestId('settings-save');
  });

  it('error', async () => {
    installFakeApi({
      'settings:get': () => {
        throw new AppError('internal', 'settings.json could not be read.');
      },
    });
    renderSettings();
    expect((await screen.findByTestId('settings-error')).textContent).toContain('settings.json could not be read.');
  });

  it('success: shows the limits in friendly units, and the protections of this machine', async () => {
    installFakeApi();
    renderSettings();
    await screen.findByTestId('settings-save');
    expect(field('limits.memoryBytes').value).toBe('2048');
    expect(field('limits.logBytes').value).toBe('50');
    expect(field('queue.capacity').value).toBe('100');
    expect(field('queue.perClientActive').value).toBe('5');
    expect(field('retention.days').value).toBe('7');
    expect(field('tools.bash-verification.timeoutSec').placeholder).toBe('60');
    expect(field('enginePaths.bash-verification').value).toBe('');
    expect(screen.getByTestId('setting-theme-system').getAttribute('checked') !== null || (screen.getByTestId('setting-theme-system') as HTMLInputElement).checked).toBe(true);
    const machine = screen.getByTestId('protections');
    expect(machine.textContent).toContain('Sandbox (bubblewrap) — active');
    expect(machine.textContent).toContain('Memory limit (cgroups) — not active');
    expect((screen.getByTestId('settings-save') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a value outside the schema shows an error beside the field and is not sent', async () => {
    const fake = installFakeApi();
    renderSettings();
    await screen.findByTestId('settings-save');
    await userEvent.clear(field('limits.memoryBytes'));
    await userEvent.type(field('limits.memoryBytes'), '8');
    expect(errorFor('limits.memoryBytes')).toBe('At least 16 MB.');
    expect(field('limits.memoryBytes').getAttribute('aria-invalid')).toBe('true');
    await userEvent.clear(field('queue.capacity'));
    await userEvent.type(field('queue.capacity'), '2.5');
    expect(errorFor('queue.capacity')).toBe('Use a whole number.');
    await userEvent.clear(field('retention.runs'));
    expect(errorFor('retention.runs')).toBe('Enter a number.');
    await userEvent.type(field('tools.bash-verification.timeoutSec'), '9999');
    expect(errorFor('tools.bash-verification.timeoutSec')).toBe('At most 600 s.');
    expect(screen.getByTestId('settings-state').textContent).toBe('4 to fix');
    await userEvent.click(screen.getByTestId('settings-save'));
    expect(fake.callsTo('settings:set')).toEqual([]);
    expect(document.activeElement).toBe(field('limits.memoryBytes'));
  });

  it('a time limit above the tool’s own maximum alone blocks saving', async () => {
    const fake = installFakeApi();
    renderSettings();
    await screen.findByTestId('settings-save');
    await userEvent.type(field('tools.python-linter.timeoutSec'), '601');
    expect(errorFor('tools.python-linter.timeoutSec')).toBe('At most 600 s.');
    await userEvent.click(screen.getByTestId('settings-save'));
    expect(fake.callsTo('settings:set')).toEqual([]);
    expect(screen.getByTestId('settings-state').textContent).toBe('1 to fix');
  });

  it('a valid change is saved as a whole, parsed by the shared schema', async () => {
    const fake = installFakeApi();
    renderSettings();
    await screen.findByTestId('settings-save');
    await userEvent.clear(field('limits.memoryBytes'));
    await userEvent.type(field('limits.memoryBytes'), '512');
    await userEvent.type(field('tools.bash-verification.timeoutSec'), '30');
    await userEvent.type(field('enginePaths.bash-verification'), '/opt/shellcheck/bin/shellcheck');
    expect(screen.getByTestId('settings-state').textContent).toBe('Unsaved changes');
    await userEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(fake.callsTo('settings:set')).toHaveLength(1));
    const sent = fake.callsTo('settings:set')[0]?.settings as Settings;
    expect(sent.limits.memoryBytes).toBe(512 * MB);
    expect(sent.tools).toEqual({ 'bash-verification': { timeoutSec: 30 } });
    expect(sent.enginePaths).toEqual({ 'bash-verification': '/opt/shellcheck/bin/shellcheck' });
    expect(sent.queue).toEqual(DEFAULT_SETTINGS.queue);
    await waitFor(() => expect(screen.getByTestId('settings-state').textContent).toBe('Saved'));
  });

  it('clearing an override removes it instead of leaving an empty entry', async () => {
    const fake = installFakeApi({
      'settings:get': () => settingsState({ settings: { ...DEFAULT_SETTINGS, tools: { 'bash-verification': { timeoutSec: 30 } } } }),
    });
    renderSettings();
    await screen.findByTestId('settings-save');
    expect(field('tools.bash-verification.timeoutSec').value).toBe('30');
    await userEvent.clear(field('tools.bash-verification.timeoutSec'));
    await userEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(fake.callsTo('settings:set')).toHaveLength(1));
    expect((fake.callsTo('settings:set')[0]?.settings as Settings).tools).toEqual({});
  });

  it('custom tools: bad JSON and bad entries are reported beside the editor; problems from main too', async () => {
    const fake = installFakeApi({
      'settings:get': () =>
        settingsState({
          settings: { ...DEFAULT_SETTINGS, customTools: [{ id: 'x' }] },
          problems: [{ field: 'customTools[0].name', message: 'Required' }],
        }),
    });
    renderSettings();
    await screen.findByTestId('settings-save');
    const editor = screen.getByTestId('setting-customTools') as HTMLTextAreaElement;
    const errors = () => editor.closest('.field')?.querySelector('[data-testid=field-error]')?.textContent ?? '';
    expect(errors()).toContain('customTools[0].name: Required');
    expect(screen.getByTestId('settings-problems').textContent).toContain('customTools[0].name');

    const replaceText = async (text: string) => {
      await userEvent.clear(editor);
      await userEvent.paste(text);
    };
    await replaceText('[{ "id": ');
    expect(errors()).toContain('Not valid JSON');

    await replaceText('[{"id":"bash-verification","name":"Mine","category":"linter","sourceLanguage":"bash","command":"mine"}]');
    expect(errors()).toContain('customTools[0].id: this id belongs to a built-in tool');
    await userEvent.click(screen.getByTestId('settings-save'));
    expect(fake.callsTo('settings:set')).toEqual([]);

    await replaceText('[{"id":"my-lint","name":"Mine","category":"linter","sourceLanguage":"bash","command":"mine"}]');
    await userEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(fake.callsTo('settings:set')).toHaveLength(1));
    expect((fake.callsTo('settings:set')[0]?.settings as Settings).customTools).toEqual([
      { id: 'my-lint', name: 'Mine', category: 'linter', sourceLanguage: 'bash', command: 'mine' },
    ]);
  });

  it('a refused save shows main’s reason', async () => {
    installFakeApi({
      'settings:set': () => {
        throw new AppError('invalid-input', 'limits.memoryBytes: Too big.');
      },
    });
    renderSettings();
    await screen.findByTestId('settings-save');
    await userEvent.clear(field('queue.capacity'));
    await userEvent.type(field('queue.capacity'), '50');
    await userEvent.click(screen.getByTestId('settings-save'));
    expect((await screen.findByTestId('settings-save-error')).textContent).toContain('limits.memoryBytes: Too big.');
  });

  it('theme applies at once and is saved', async () => {
    const fake = installFakeApi();
    renderSettings();
    await screen.findByTestId('settings-save');
    await userEvent.click(screen.getByTestId('setting-theme-dark'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect((fake.callsTo('settings:set')[0]?.settings as Settings).theme).toBe('dark');
    await userEvent.click(screen.getByTestId('setting-theme-light'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
  });

  it('Restore defaults asks first, then resets every field', async () => {
    const fake = installFakeApi({
      'settings:get': () => settingsState({ settings: { ...DEFAULT_SETTINGS, queue: { ...DEFAULT_SETTINGS.queue, capacity: 7 } } }),
    });
    renderSettings();
    await screen.findByTestId('settings-save');
    expect(field('queue.capacity').value).toBe('7');
    await userEvent.click(screen.getByTestId('settings-reset'));
    await userEvent.click(within(screen.getByTestId('confirm-dialog')).getByTestId('confirm-ok'));
    await waitFor(() => expect(field('queue.capacity').value).toBe('100'));
    expect(fake.callsTo('settings:reset')).toHaveLength(1);
  });
});
