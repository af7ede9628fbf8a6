import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/contract';
import { appCaller, startServices, type TestServices } from '../support/services';

// Malformed messages through the real router and real services: always a typed error, and main keeps serving.
describe('router with the real services', () => {
  let svc: TestServices;
  const caller = appCaller();

  beforeAll(async () => {
    svc = await startServices();
  });
  afterAll(async () => svc.dispose());

  const call = (channel: unknown, payload: unknown, who = caller) => svc.router.handle(channel, payload, who);

  it('answers a well-formed request', async () => {
    const res = await call('queue:status', {});
    expect(res).toMatchObject({ ok: true, value: { waiting: 0, running: 0 } });
  });

  it.each([
    ['wrong type', 'jobs:get', { jobId: 42 }],
    ['unknown key', 'jobs:get', { jobId: 'x', extra: true }],
    ['10 MB string', 'jobs:get', { jobId: 'x'.repeat(10 * 1024 * 1024) }],
    ['__proto__ key', 'jobs:get', JSON.parse('{"jobId":"x","__proto__":{"polluted":true}}')],
    ['constructor key', 'queue:status', JSON.parse('{"constructor":{"prototype":{"polluted":true}}}')],
    ['array instead of object', 'projects:open', ['/etc']],
    ['null payload field', 'projects:open', { path: null }],
    ['huge array', 'settings:set', { settings: { customTools: new Array(100_000).fill({}) } }],
  ])('%s gets invalid-input and main keeps serving', async (_name, channel, payload) => {
    const res = await call(channel, payload);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('invalid-input');
      expect(res.error.message.length).toBeLessThan(1000);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const next = await call('queue:status', {});
    expect(next.ok).toBe(true);
  });

  it('an unknown channel gets a typed error', async () => {
    for (const channel of ['nope', 'jobs:nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const res = await call(channel, {});
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect((await call('queue:status', {})).ok).toBe(true);
  });

  it('refuses senders that are not the app page', async () => {
    const iframe = { ...caller, topFrame: false };
    const remote = { ...caller, url: 'https://evil.example/' };
    const file = { ...caller, url: 'file:///tmp/x.html' };
    for (const who of [iframe, remote, file]) {
      expect(await call('queue:status', {}, who)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('every channel answers an empty or malformed request without crashing', async () => {
    for (const channel of CHANNEL_NAMES) {
      if (channel === 'projects:pick' || channel === 'results:export') continue; // open native dialogs (stubbed: cancel)
      const res = await call(channel, { bogus: 1 });
      expect(res.ok).toBe(false);
    }
    expect((await call('queue:status', {})).ok).toBe(true);
  });
});
