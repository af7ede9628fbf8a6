import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { installFakeApi } from './fake-api';

// Its own file: each test file gets a fresh module graph, so the lazy views have not been loaded by another test
// and the first open really waits for their chunk.
describe('views loaded on first open', () => {
  it('History and Settings show an announced loading state, then the view', async () => {
    installFakeApi();
    render(<App />);
    await userEvent.keyboard('{Control>}2{/Control}');
    const loading = screen.getByTestId('view-loading');
    expect(loading.getAttribute('role')).toBe('status');
    expect(loading.textContent).toBe('Loading…');
    expect(await screen.findByRole('heading', { name: 'History' })).toBeTruthy();
    expect(screen.queryByTestId('view-loading')).toBeNull();
    await userEvent.keyboard('{Control>}3{/Control}');
    expect(screen.getByTestId('view-loading').textContent).toBe('Loading…');
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
  });
});
