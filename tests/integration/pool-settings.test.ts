import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsState } from '../../shared/contract';
import { appCaller, startServices, type TestServices } from '../support/services';

// Port 1 on loopback: nothing listens, so the app also shows the "cannot be reached" fallback.
const SECRET_URL = 'redis://:s3cret-pass@127.0.0.1:1';

describe('Settings → Pool through the real router', () => {
  let svc: TestServices;
  beforeAll(async () => {
    svc = await startServices({ pool: { url: SECRET_URL } });
  });
  afterAll(async () => {
    await svc?.dispose();
  });
  const call = async (channel: string, payload: unknown): Promise<SettingsState> => {
    const res = await svc.router.handle(channel, payload, appCaller());
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return res.value as SettingsState;
  };

  it('never returns the password, and a masked address sent back keeps the stored one', async () => {
    const got = await call('settings:get', {});
    expect(got.settings.pool.url).toBe('redis://:****@127.0.0.1:1');
    expect(JSON.stringify(got)).not.toContain('s3cret-pass');

    const saved = await call('settings:set', { settings: { ...got.settings, theme: 'dark' } });
    expect(JSON.stringify(saved)).not.toContain('s3cret-pass');
    expect(svc.engine.settings.current().pool.url).toBe(SECRET_URL);

    await call('settings:set', { settings: { ...got.settings, pool: { url: 'redis://:other@127.0.0.1:2' } } });
    expect(svc.engine.settings.current().pool.url).toBe('redis://:other@127.0.0.1:2');
  });

  it('an unreachable pool is a notice, and runs use this machine', () => {
    const text = svc.engine.notices.map((n) => n.message).join('\n');
    expect(text).toMatch(/The shared pool at redis:\/\/:\*\*\*\*@127\.0\.0\.1:1 cannot be reached .*runs use this machine instead/);
    expect(text).not.toContain('s3cret-pass');
  });
});
