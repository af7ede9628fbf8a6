import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/settings';
import { App } from '../../renderer/App';
import { installFakeApi } from './fake-api';

const field = () => screen.getByTestId('setting-pool.url') as HTMLInputElement;
const errorText = () => field().closest('.field')?.querySelector('[data-testid=field-error]')?.textContent ?? '';

describe('Settings → Pool', () => {
  it('an address that is not redis:// is refused beside the field; a good one is saved', async () => {
    const fake = installFakeApi();
    render(<App initial={{ view: 'settings' }} />);
    await screen.findByTestId('settings-save');
    expect(field().value).toBe('');
    await userEvent.type(field(), 'http://pool:6379');
    expect(errorText()).not.toBe('');
    await userEvent.click(screen.getByTestId('settings-save'));
    expect(fake.callsTo('settings:set')).toEqual([]);

    await userEvent.clear(field());
    await userEvent.type(field(), 'redis://:pw@pool:6379');
    expect(errorText()).toBe('');
    await userEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(fake.callsTo('settings:set')).toHaveLength(1));
    expect((fake.callsTo('settings:set')[0]?.settings as Settings).pool).toEqual({ url: 'redis://:pw@pool:6379' });
  });
});
